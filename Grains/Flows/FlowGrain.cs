using JinaOrleans.Grains.Placement;
using JinaOrleans.Protos.Jina;
using Orleans.Concurrency;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// The entry of a flow (keyed by its name): a stateless worker on every silo that serves the flow, reentrant so its
/// one activation per silo walks every request at once (it only awaits its executors). One activation, not one per
/// core: Orleans delivers a caller's cancellation to a stateless worker's running request only when the grain has a
/// single activation per silo (with more, the cancellation may reach a new, idle one). The walk itself is
/// <see cref="FlowExecution"/> over this silo's <see cref="FlowRuntime"/>.
/// </summary>
[GrainType("jina-flow")]
[StatelessWorker(1, removeIdleWorkers: false)]
[Reentrant]
[KeepAlive]
[HostedPlacement(HostedKind.Flow)]
internal sealed class FlowGrain(FlowCatalog flows) : Grain, IFlowGrain
{
    private FlowRuntime? _flow;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _flow = flows.Get(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken = default) =>
        await _flow!.ProcessAsync(request, cancellationToken);

    public async ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken = default) =>
        await _flow!.GetEndpointsAsync(cancellationToken);
}
