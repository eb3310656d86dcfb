using System.Collections.Frozen;

namespace JinaOrleans.Grains.Executors;

/// <summary>The endpoints of one executor type, bound once at start-up.</summary>
internal sealed class EndpointTable(FrozenDictionary<string, EndpointHandler> handlers)
{
    /// <summary>Every bound endpoint, <c>/default</c> included when the executor has a catch-all.</summary>
    public IReadOnlyCollection<string> Endpoints => handlers.Keys;

    /// <summary>
    /// The handler for <paramref name="endpoint"/>: its own method, else the catch-all, else null (the
    /// executor is skipped and the request passes through unchanged).
    /// </summary>
    public EndpointHandler? Find(string endpoint) =>
        handlers.TryGetValue(endpoint, out var handler) || handlers.TryGetValue(RequestsAttribute.DefaultEndpoint, out handler)
            ? handler
            : null;

    /// <summary>Whether a request on <paramref name="endpoint"/> would run anything here.</summary>
    public bool Serves(string endpoint) => handlers.ContainsKey(endpoint) || handlers.ContainsKey(RequestsAttribute.DefaultEndpoint);
}
