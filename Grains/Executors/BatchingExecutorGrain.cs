using System.Collections.Frozen;
using JinaOrleans.Definitions;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// A deployment's local pool behind dynamic batching: requests for a batched endpoint go through its
/// <see cref="DynamicBatcher"/>, everything else straight to the pool.
/// </summary>
internal sealed class BatchingExecutorGrain : IExecutorGrain
{
    private readonly IExecutorGrain _pool;
    private readonly EndpointTable _endpoints;
    private readonly FrozenDictionary<string, DynamicBatcher> _batchers;

    public BatchingExecutorGrain(IExecutorGrain pool, EndpointTable endpoints, IReadOnlyDictionary<string, DynamicBatchingOptions> batching, TimeProvider timeProvider)
    {
        _pool = pool;
        _endpoints = endpoints;
        _batchers = batching.ToFrozenDictionary(p => p.Key, p => new DynamicBatcher(pool, p.Value, timeProvider), StringComparer.Ordinal);
    }

    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var endpoint = request.Header is { HasExecEndpoint: true } header ? header.ExecEndpoint : WellKnownEndpoints.Default;
        if (endpoint != WellKnownEndpoints.DryRun
            && (_batchers.TryGetValue(endpoint, out var batcher) || (_endpoints.ResolveKey(endpoint) is { } key && _batchers.TryGetValue(key, out batcher))))
        {
            return batcher.ProcessAsync(request, cancellationToken);
        }

        return _pool.ProcessAsync(request, cancellationToken);
    }

    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken) =>
        _pool.ProcessPartsAsync(parts, cancellationToken);

    public ValueTask<EndpointsProto> GetEndpointsAsync(CancellationToken cancellationToken) => _pool.GetEndpointsAsync(cancellationToken);
}
