using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Status;
using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Gateway.Health;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Internal;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Protos;
using JinaOrleans.Protos.Services;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>
/// The gateway's gRPC services (JINA_PROTOCOL.md §2): <c>Call</c>, <c>process_single_data</c>,
/// <c>dry_run</c>, <c>_status</c>, <c>endpoint_discovery</c> and standard health checking.
/// </summary>
internal sealed class JinaGrpcGateway
{
    /// <summary>Call metadata asking for responses in request order.</summary>
    public const string ResultsInOrderKey = "__results_in_order__";

    /// <summary>Call metadata overriding the prefetch bound.</summary>
    public const string PrefetchKey = "__prefetch__";

    private readonly RequestStreamer _streamer;
    private readonly GatewayDefinition _gateway;
    private readonly HealthState _health;
    private readonly JinaInfoProto _info;

    public JinaGrpcGateway(RequestStreamer streamer, GatewayDefinition gateway, HealthState health, JinaInfoProto info)
    {
        _streamer = streamer;
        _gateway = gateway;
        _health = health;
        _info = info;
    }

    /// <summary>The service names this gateway reports as SERVING.</summary>
    public static IReadOnlyList<string> ServiceNames { get; } =
    [
        "jina.JinaRPC",
        "jina.JinaSingleDataRequestRPC",
        "jina.JinaGatewayDryRunRPC",
        "jina.JinaInfoRPC",
        "jina.JinaDiscoverEndpointsRPC",
    ];

    public void Map(GrpcRouter router)
    {
        router.MapDuplexStreaming(JinaServiceMethods.Call, CallAsync);
        router.MapUnary(JinaServiceMethods.ProcessSingleData, async (request, context) =>
        {
            FlowCallContext.SetDeadline(context.Deadline);
            return await _streamer.ProcessAsync(request, context.CancellationToken).ConfigureAwait(false);
        });
        router.MapUnary(JinaServiceMethods.DryRun, (_, context) => DryRunAsync(context.CancellationToken));
        router.MapUnary(JinaServiceMethods.Status, (_, _) => Task.FromResult(_info));
        router.MapUnary(JinaServiceMethods.EndpointDiscovery, (_, context) => _streamer.GetEndpointsAsync(context.CancellationToken).AsTask());
        router.MapHealth(_health);
    }

    /// <summary>
    /// The dry run: one empty document to <c>_jina_dry_run_</c> through the whole flow; SUCCESS, or ERROR
    /// with the failure's description and exception.
    /// </summary>
    public async Task<StatusProto> DryRunAsync(CancellationToken cancellationToken)
    {
        var request = new DataRequestProto
        {
            Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = WellKnownEndpoints.DryRun },
            Data = new DataRequestProto.Types.DataContentProto { Docs = new DocumentArrayProto { Docs = { new DocumentProto { Id = Identifiers.NewId() } } } },
        };
        try
        {
            var response = await _streamer.ProcessAsync(request, cancellationToken).ConfigureAwait(false);
            return response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error } failed ? failed : new StatusProto();
        }
        catch (RpcException ex)
        {
            return ErrorStatus.Failure(ex.StatusCode.ToString(), ex.Status.Detail);
        }
    }

    private Task CallAsync(IAsyncStreamReader<DataRequestProto> requests, IServerStreamWriter<DataRequestProto> responses, ServerCallContext context)
    {
        var prefetch = _gateway.Prefetch;
        if (context.RequestHeaders.GetValue(PrefetchKey) is { } prefetchText)
        {
            if (!int.TryParse(prefetchText, NumberStyles.Integer, CultureInfo.InvariantCulture, out prefetch) || prefetch < 0)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"Metadata {PrefetchKey} must be a non-negative integer, not '{prefetchText}'."));
            }
        }

        var inOrder = string.Equals(context.RequestHeaders.GetValue(ResultsInOrderKey), "true", StringComparison.OrdinalIgnoreCase);
        FlowCallContext.SetDeadline(context.Deadline);
        return _streamer.StreamAsync(requests, responses, prefetch, inOrder, context.CancellationToken);
    }
}
