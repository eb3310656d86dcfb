namespace JinaOrleans.Grains;

/// <summary>Gives references to grains by interface and key; where the grain runs is the runtime's business.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of type <typeparamref name="TGrain"/> with key <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No grain of that type and key is known to the runtime.</exception>
    TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrain;
}
