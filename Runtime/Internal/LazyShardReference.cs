using JinaOrleans.Grains;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Runtime.Internal;

/// <summary>A shard hosted here: activated on its first call (Orleans' activation on demand), then a local pool.</summary>
internal sealed class LazyShardReference(Silo silo, string deployment, int shard) : IExecutorGrain
{
    private IExecutorGrain? _pool;

    public async ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        await (await PoolAsync(cancellationToken).ConfigureAwait(false)).ProcessAsync(request, cancellationToken).ConfigureAwait(false);

    public async ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken) =>
        await (await PoolAsync(cancellationToken).ConfigureAwait(false)).ProcessPartsAsync(parts, cancellationToken).ConfigureAwait(false);

    public async ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken) =>
        await (await PoolAsync(cancellationToken).ConfigureAwait(false)).GetEndpointsAsync(cancellationToken).ConfigureAwait(false);

    private async ValueTask<IExecutorGrain> PoolAsync(CancellationToken cancellationToken) =>
        _pool ??= await silo.ActivateShardAsync(deployment, shard, cancellationToken).ConfigureAwait(false);
}
