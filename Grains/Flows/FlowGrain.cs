using JinaOrleans.Diagnostics;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Grains.Placement;
using JinaOrleans.Protos.Jina;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// The entry of a flow (keyed by its name or a partition of it, <see cref="FlowKeys"/>): a stateless worker on every
/// silo that serves the flow, reentrant so its one activation per key and silo walks every request of that key at
/// once (it only awaits its executors). One activation, not one per core: Orleans delivers a caller's cancellation to
/// a stateless worker's running request only when the grain has a single activation per silo (with more, the
/// cancellation may reach a new, idle one). It holds nothing: idle partitions are collected. The walk itself is
/// <see cref="FlowExecution"/> over this silo's <see cref="FlowRuntime"/>.
/// </summary>
[GrainType("jina-flow")]
[StatelessWorker(1)]
[Reentrant]
[CollectionAgeLimit(Minutes = 2)]
[HostedPlacement(HostedKind.Flow)]
internal sealed partial class FlowGrain(FlowCatalog flows, ILogger<FlowGrain> logger) : Grain, IFlowGrain
{
    private FlowRuntime? _flow;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _flow = flows.Get(FlowKeys.FlowName(this.GetPrimaryKeyString()));
        Log.Activated(logger, _flow.Name);
        return Task.CompletedTask;
    }

    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken = default) =>
        new(_flow!.ProcessAsync(request, cancellationToken));

    public ValueTask<CallOutcome[]> ProcessManyAsync(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces) =>
        BatchedCalls.RunTogetherAsync(requests, deadlines, traces, request => new(_flow!.ProcessAsync(request, CancellationToken.None)));

    public IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, CancellationToken cancellationToken = default) =>
        _flow!.StreamAsync(request, cancellationToken);

    public ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken = default) =>
        new(_flow!.GetEndpointsAsync(cancellationToken));

    private static partial class Log
    {
        [LoggerMessage(211, LogLevel.Debug, "Flow {Flow} activated on this silo (its first request here).")]
        public static partial void Activated(ILogger logger, string flow);
    }
}
