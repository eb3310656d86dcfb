using System.Diagnostics;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Gateway.Routing;

namespace JinaOrleans.Gateway.Diagnostics;

/// <summary>
/// The gateway's series of <see cref="JinaMetrics"/>: tagged <c>runtime_name="gateway"</c> and the protocol a request
/// came in on, one per protocol.
/// </summary>
internal static class GatewayMetrics
{
    private static readonly JinaSeries[] ProtocolSeries =
    [
        Of(GatewayProtocol.Grpc),
        Of(GatewayProtocol.Http),
        Of(GatewayProtocol.WebSocket),
    ];

    /// <summary>The series of requests that came in on <paramref name="protocol"/>.</summary>
    public static JinaSeries Series(GatewayProtocol protocol) => ProtocolSeries[(int)protocol];

    private static JinaSeries Of(GatewayProtocol protocol) => JinaSeries.Of(
        new TagList
        {
            { JinaMetrics.RuntimeNameTag, JinaMetrics.GatewayRuntimeName },
            { JinaMetrics.ProtocolTag, ListenerRoles.Of(protocol) },
        },
        countsInFlight: true);
}
