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
        JinaServiceMethods.ProcessData.ServiceName,
        JinaServiceMethods.ProcessSingleData.ServiceName,
        JinaServiceMethods.EndpointDiscovery.ServiceName,
        JinaServiceMethods.Status.ServiceName,
    ];

    private readonly Silo _silo;
    private readonly SiloGrainService _calls;
    private readonly JinaInfoProto _info;

    // The hosted executors are fixed once the silo serves: sorted once, for target_executor and error messages.
    private string[]? _names;

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
        router.MapUnary(JinaServiceMethods.EndpointDiscovery, (_, context) => Select(context, header: null).GetEndpointsAsync(context.CancellationToken).AsTask());
        router.MapUnary(JinaServiceMethods.Status, (_, _) => Task.FromResult(_info));
        return router;
    }

    private Task<DataRequestProto> ProcessAsync(DataRequestProto request, ServerCallContext context)
    {
        var executor = Select(context, request.Header);
        return RunAsync(context, () => executor.ProcessAsync(request, context.CancellationToken));
    }

    // Several parts from upstream branches: the executor sees them unreduced, as Jina's worker does for no_reduce.
    private Task<DataRequestProto> ProcessPartsAsync(Google.Protobuf.Collections.RepeatedField<DataRequestProto> parts, ServerCallContext context)
    {
        var executor = Select(context, parts[0].Header);
        return RunAsync(context, () => executor.ProcessPartsAsync(parts, context.CancellationToken));
    }

    // Jina's worker marks a response whose status is ERROR with the trailer is-error: true.
    private async Task<DataRequestProto> RunAsync(ServerCallContext context, Func<ValueTask<DataRequestProto>> call)
    {
        var response = await _calls.RunAsync(context, call).ConfigureAwait(false);
        if (response.Header?.Status is { Code: StatusProto.Types.StatusCode.Error })
        {
            context.ResponseTrailers.Add("is-error", "true");
        }

        return response;
    }

    private IExecutorGrain Select(ServerCallContext context, HeaderProto? header)
    {
        var hosted = _silo.LocalExecutors;
        var names = _names ??= [.. hosted.Keys.Order(StringComparer.Ordinal)];
        if (context.RequestHeaders.GetValue(ExecutorHeader) is { } named)
        {
            return hosted.TryGetValue(named, out var executor)
                ? executor
                : throw new RpcException(new Status(StatusCode.NotFound, $"This silo hosts no executor '{named}'; it hosts {Describe(names)}."));
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

            foreach (var name in names)
            {
                if (pattern.IsMatch(name))
                {
                    return hosted[name];
                }
            }

            throw new RpcException(new Status(StatusCode.NotFound, $"target_executor '{header.TargetExecutor}' matches no executor on this silo; it hosts {Describe(names)}."));
        }

        return names.Length switch
        {
            1 => hosted[names[0]],
            0 => throw new RpcException(new Status(StatusCode.Unavailable, "This silo hosts no executor.")),
            _ => throw new RpcException(new Status(
                StatusCode.InvalidArgument,
                $"This silo hosts {Describe(names)}; name one with the '{ExecutorHeader}' gRPC metadata (grpc_metadata in a Jina Flow) or with header.target_executor.")),
        };
    }

    private static string Describe(string[] names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
