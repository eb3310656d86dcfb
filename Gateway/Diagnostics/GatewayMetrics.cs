using System.Diagnostics;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Gateway.Routing;

namespace JinaOrleans.Gateway.Diagnostics;

/// <summary>
/// The gateway's tags on <see cref="JinaMetrics"/>: <c>runtime_name="gateway"</c> and the protocol a request came in
/// on, built once per protocol and passed by reference.
/// </summary>
internal static class GatewayMetrics
{
    private static readonly TagList[] ProtocolTags =
    [
        Of(GatewayProtocol.Grpc),
        Of(GatewayProtocol.Http),
        Of(GatewayProtocol.WebSocket),
    ];

    /// <summary>The tags of requests that came in on <paramref name="protocol"/>.</summary>
    public static ref readonly TagList Tags(GatewayProtocol protocol) => ref ProtocolTags[(int)protocol];

    private static TagList Of(GatewayProtocol protocol) => new()
    {
        { JinaMetrics.RuntimeNameTag, JinaMetrics.GatewayRuntimeName },
        { JinaMetrics.ProtocolTag, ListenerRoles.Of(protocol) },
    };
}
