using System.Threading.Channels;
using JinaOrleans.Diagnostics;
using JinaOrleans.Grains.Internal;
using JinaOrleans.Grains.Placement;
using JinaOrleans.Protos.Jina;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// One shard of a deployment (<c>{deployment}/shard-i</c>): a single activation in the cluster, on a silo that hosts
/// the deployment, re-activated elsewhere when its silo dies. It holds the shard's replicas (one executor instance
/// each) and serves as many requests at once as it has replicas, each on an idle instance.
/// </summary>
[GrainType("jina-shard")]
[Reentrant]
[KeepAlive]
[HostedPlacement(HostedKind.Executor)]
internal sealed class ShardGrain(ExecutorCatalog catalog, IServiceProvider services, TimeProvider timeProvider, ILoggerFactory loggerFactory) : Grain, IShardGrain
{
    private ExecutorInstance[] _instances = [];
    private Channel<ExecutorInstance>? _idle;
    private HostedDeployment? _deployment;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (!GrainKeys.TryParse(key, out var name, out var shard))
        {
            throw new ArgumentException($"'{key}' is not a shard key (deployment/shard-i).", nameof(cancellationToken));
        }

        _deployment = catalog.Get(name);
        _instances = [.. Enumerable.Range(0, _deployment.Definition.Replicas).Select(r => _deployment.CreateInstance(r, shard, services, loggerFactory))];
        _idle = Channel.CreateBounded<ExecutorInstance>(_instances.Length);
        foreach (var instance in _instances)
        {
            await instance.InitializeAsync(timeProvider, cancellationToken);
            _idle.Writer.TryWrite(instance);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken = default)
    {
        using var deadline = CallDeadline.Link(timeProvider, cancellationToken);
        var instance = await TakeAsync(deadline.Token);
        try
        {
            return await instance.ProcessAsync(request, deadline.Token);
        }
        finally
        {
            _idle!.Writer.TryWrite(instance);
        }
    }

    public ValueTask<CallOutcome[]> ProcessManyAsync(DataRequestProto[] requests, long[] deadlines, TraceParent[] traces) =>
        BatchedCalls.RunTogetherAsync(requests, deadlines, traces, request => ProcessAsync(request));

    public async ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken = default)
    {
        using var deadline = CallDeadline.Link(timeProvider, cancellationToken);
        var instance = await TakeAsync(deadline.Token);
        try
        {
            return await instance.ProcessPartsAsync(parts, deadline.Token);
        }
        finally
        {
            _idle!.Writer.TryWrite(instance);
        }
    }

    /// <summary>A stream holds one of the shard's instances until it ends.</summary>
    public async IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var instance = await TakeAsync(cancellationToken);
        try
        {
            await foreach (var item in instance.StreamAsync(request, cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            _idle!.Writer.TryWrite(instance);
        }
    }

    public ValueTask<ExecutorDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_deployment!.Description);

    private ValueTask<ExecutorInstance> TakeAsync(CancellationToken cancellationToken) =>
        _idle is { } idle
            ? idle.Reader.TryRead(out var instance) ? ValueTask.FromResult(instance) : idle.Reader.ReadAsync(cancellationToken)
            : throw new InvalidOperationException("The shard has not been activated.");
}
