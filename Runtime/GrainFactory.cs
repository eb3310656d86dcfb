using System.Collections.Concurrent;
using JinaOrleans.Grains;

namespace JinaOrleans.Runtime;

/// <summary>
/// Resolves grain references by interface and key. References are registered by the silo that hosts
/// the grains (local pools) and, in cluster mode, by the directory (remote silos).
/// </summary>
public sealed class GrainFactory : IGrainFactory
{
    private readonly ConcurrentDictionary<(Type Interface, string Key), IGrain> _references = new();

    /// <summary>Makes <paramref name="reference"/> the grain for <typeparamref name="TGrain"/> and <paramref name="key"/>.</summary>
    public void Register<TGrain>(string key, TGrain reference)
        where TGrain : IGrain
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(reference);
        _references[(typeof(TGrain), key)] = reference;
    }

    /// <summary>Removes a registration; returns whether there was one.</summary>
    public bool Unregister<TGrain>(string key)
        where TGrain : IGrain => _references.TryRemove((typeof(TGrain), key), out _);

    public TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrain
    {
        ArgumentNullException.ThrowIfNull(key);
        return _references.TryGetValue((typeof(TGrain), key), out var reference)
            ? (TGrain)reference
            : throw new KeyNotFoundException($"No {typeof(TGrain).Name} with key '{key}' is registered on this silo.");
    }
}
