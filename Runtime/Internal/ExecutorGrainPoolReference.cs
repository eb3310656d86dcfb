using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Runtime.Activation;

namespace JinaOrleans.Runtime.Internal;

/// <summary>A reference to an executor grain hosted on this silo: each call runs on an idle activation.</summary>
internal sealed class ExecutorGrainPoolReference(StatelessWorkerPool<IExecutorGrain> pool) : IExecutorGrain
{
    public StatelessWorkerPool<IExecutorGrain> Pool => pool;

    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        pool.InvokeAsync(static (grain, r, ct) => grain.ProcessAsync(r, ct), request, cancellationToken);

    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken) =>
        pool.InvokeAsync(static (grain, p, ct) => grain.ProcessPartsAsync(p, ct), parts, cancellationToken);

    // Endpoints are the same on every activation; any idle one answers.
    public ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken) =>
        pool.Activations[0].GetEndpointsAsync(cancellationToken);
}
