using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Runtime.Cluster;
using JinaOrleans.Runtime.Protocol;

namespace JinaOrleans.Runtime.Worker;

/// <summary>
/// Jina's worker protocol on a silo's port (JINA_PROTOCOL.md §2): a real Jina Flow can use an executor hosted
/// here as an <c>external</c> executor. A silo may host several executors; a call picks one by the gRPC
/// metadata <c>executor</c> (exact name, settable with Jina's <c>grpc_metadata</c>), else by
/// <c>header.target_executor</c> (a regex anchored at the start), else the only one hosted.
/// </summary>
public sealed class JinaWorkerService
{
    /// <summary>The metadata key naming the executor a worker call is for.</summary>
    public const string ExecutorHeader = "executor";

    /// <summary>The Jina services a worker port serves, as reflection lists them.</summary>
    public static readonly IReadOnlyList<string> ServiceNames =
    [
        "jina.JinaDataRequestRPC",
        "jina.JinaSingleDataRequestRPC",
        "jina.JinaDiscoverEndpointsRPC",
        "jina.JinaInfoRPC",
    ];

    private readonly Silo _silo;
    private readonly SiloGrainService _calls;
    private readonly JinaInfoProto _info;

    public JinaWorkerService(Silo silo, SiloGrainService calls, JinaInfoProto info)
    {
        _silo = silo;
        _calls = calls;
        _info = info;
    }

    public GrpcRouter Map(GrpcRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        router.MapUnary(JinaServiceMethods.ProcessSingleData, (request, context) => ProcessAsync(request, context));
        router.MapUnary(JinaServiceMethods.ProcessData, (list, context) => list.Requests.Count switch
        {
            0 => throw new RpcException(new Status(StatusCode.InvalidArgument, "process_data needs at least one request.")),
            1 => ProcessAsync(list.Requests[0], context),
            _ => ProcessPartsAsync(list.Requests, context),
        });
        router.MapUnary(JinaServiceMethods.EndpointDiscovery, (_, context) => Select(context, header: null).Executor.GetEndpointsAsync(context.CancellationToken).AsTask());
        router.MapUnary(JinaServiceMethods.Status, (_, _) => Task.FromResult(_info));
        return router;
    }

    private async Task<DataRequestProto> ProcessAsync(DataRequestProto request, ServerCallContext context)
    {
        var (_, executor) = Select(context, request.Header);
        var response = await _calls.RunAsync(context, () => executor.ProcessAsync(request, context.CancellationToken)).ConfigureAwait(false);
        if (response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error })
        {
            context.ResponseTrailers.Add("is-error", "true");
        }

        return response;
    }

    // Several parts from upstream branches: the executor sees them unreduced, as Jina's worker does for no_reduce.
    private async Task<DataRequestProto> ProcessPartsAsync(Google.Protobuf.Collections.RepeatedField<DataRequestProto> parts, ServerCallContext context)
    {
        var (_, executor) = Select(context, parts[0].Header);
        var response = await _calls.RunAsync(context, () => executor.ProcessPartsAsync(parts, context.CancellationToken)).ConfigureAwait(false);
        if (response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error })
        {
            context.ResponseTrailers.Add("is-error", "true");
        }

        return response;
    }

    private (string Name, IExecutorGrain Executor) Select(ServerCallContext context, HeaderProto? header)
    {
        var hosted = _silo.LocalExecutors;
        if (context.RequestHeaders.GetValue(ExecutorHeader) is { } named)
        {
            return hosted.TryGetValue(named, out var executor)
                ? (named, executor)
                : throw new RpcException(new Status(StatusCode.NotFound, $"This silo hosts no executor '{named}'; it hosts {Describe(hosted.Keys)}."));
        }

        if (header is { HasTargetExecutor: true, TargetExecutor.Length: > 0 })
        {
            System.Text.RegularExpressions.Regex pattern;
            try
            {
                pattern = TargetExecutorMatcher.Get(header.TargetExecutor);
            }
            catch (ArgumentException ex)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, ex.Message));
            }

            foreach (var name in hosted.Keys.Order(StringComparer.Ordinal))
            {
                if (pattern.IsMatch(name))
                {
                    return (name, hosted[name]);
                }
            }

            throw new RpcException(new Status(StatusCode.NotFound, $"target_executor '{header.TargetExecutor}' matches no executor on this silo; it hosts {Describe(hosted.Keys)}."));
        }

        return hosted.Count switch
        {
            1 => (hosted.Keys.Single(), hosted.Values.Single()),
            0 => throw new RpcException(new Status(StatusCode.Unavailable, "This silo hosts no executor.")),
            _ => throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"This silo hosts {Describe(hosted.Keys)}; name one with the '{ExecutorHeader}' gRPC metadata (grpc_metadata in a Jina Flow) or with header.target_executor.")),
        };
    }

    private static string Describe(IEnumerable<string> names) => string.Join(", ", names.Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
}
