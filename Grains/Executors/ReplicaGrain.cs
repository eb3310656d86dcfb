using JinaOrleans.Diagnostics;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Grains.Placement;
using JinaOrleans.Protos.Jina;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// One replica of a deployment (<c>{deployment}/rep-i</c>): at most one activation per silo (so a deployment of N
/// replicas has at most N per silo), placed on the silo of the caller when it hosts the deployment and on a silo
/// that does otherwise. The activation owns one executor instance, created when it activates, and serves one
/// request at a time; it is kept alive, as Jina keeps a replica's model loaded.
/// </summary>
[GrainType("jina-replica")]
[StatelessWorker(1, removeIdleWorkers: false)]
[KeepAlive]
[HostedPlacement(HostedKind.Executor)]
internal sealed class ReplicaGrain(ExecutorCatalog catalog, IServiceProvider services, TimeProvider timeProvider, ILoggerFactory loggerFactory) : Grain, IReplicaGrain
{
    private ExecutorInstance? _instance;
    private HostedDeployment? _deployment;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!GrainKeys.TryParse(key, out var name, out var replica))
        {
            throw new ArgumentException($"'{key}' is not a replica key (deployment/rep-i).", nameof(cancellationToken));
        }

        _deployment = catalog.Get(name);
        _instance = _deployment.CreateInstance(replica, shard: 0, services, loggerFactory);
        await _instance.InitializeAsync(timeProvider, cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }

    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken = default)
    {
        return FlowCallContext.Deadline is null ? Instance.ProcessAsync(request, cancellationToken) : WithDeadlineAsync(request, cancellationToken);

        async ValueTask<DataRequestProto> WithDeadlineAsync(DataRequestProto request, CancellationToken cancellationToken)
        {
            using var deadline = CallDeadline.Link(timeProvider, cancellationToken);
            return await Instance.ProcessAsync(request, deadline.Token);
        }
    }

    public ValueTask<CallOutcome[]> ProcessManyAsync(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces) =>
        BatchedCalls.RunInTurnAsync(requests, deadlines, traces, request => ProcessAsync(request));

    public async ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken = default)
    {
        using var deadline = CallDeadline.Link(timeProvider, cancellationToken);
        return await Instance.ProcessPartsAsync(parts, deadline.Token);
    }

    public IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, CancellationToken cancellationToken = default) =>
        Instance.StreamAsync(request, cancellationToken);

    public ValueTask<ExecutorDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_deployment!.Description);

    private ExecutorInstance Instance => _instance ?? throw new InvalidOperationException("The replica has not been activated.");
}
