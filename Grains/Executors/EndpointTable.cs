using System.Collections.Frozen;
using JinaOrleans.Definitions;

namespace JinaOrleans.Grains.Executors;

/// <summary>The endpoints of one executor type, bound once at start-up, with their dynamic batching.</summary>
internal sealed class EndpointTable(
    FrozenDictionary<string, EndpointHandler> handlers,
    FrozenDictionary<string, DynamicBatchingOptions>? batching = null,
    FrozenDictionary<string, EndpointSchema>? schemas = null,
    FrozenDictionary<string, StreamingEndpointHandler>? streaming = null)
{
    private readonly FrozenDictionary<string, StreamingEndpointHandler> _streaming = streaming ?? FrozenDictionary<string, StreamingEndpointHandler>.Empty;

    /// <summary>The document schemas of each bound endpoint (what <c>endpoint_discovery</c> reports).</summary>
    public IReadOnlyDictionary<string, EndpointSchema> Schemas { get; } = schemas ?? FrozenDictionary<string, EndpointSchema>.Empty;

    /// <summary>Every bound endpoint, <c>/default</c> included when the executor has a catch-all; streaming ones too.</summary>
    public IReadOnlyCollection<string> Endpoints => [.. handlers.Keys, .. _streaming.Keys];

    /// <summary>Whether any endpoint streams.</summary>
    public bool HasStreaming => _streaming.Count > 0;

    /// <summary>Dynamic batching by bound endpoint (from <see cref="DynamicBatchingAttribute"/>).</summary>
    public IReadOnlyDictionary<string, DynamicBatchingOptions> Batching { get; } = batching ?? FrozenDictionary<string, DynamicBatchingOptions>.Empty;

    /// <summary>
    /// The handler for <paramref name="endpoint"/>: its own method, else the catch-all, else null (the
    /// executor is skipped and the request passes through unchanged).
    /// </summary>
    public EndpointHandler? Find(string endpoint) =>
        handlers.TryGetValue(endpoint, out var handler) ? handler
        : !_streaming.ContainsKey(endpoint) && handlers.TryGetValue(RequestsAttribute.DefaultEndpoint, out handler) ? handler
        : null;

    /// <summary>
    /// The streaming handler for <paramref name="endpoint"/>: its own streaming method, else a streaming catch-all when
    /// the endpoint has no method of its own, else null.
    /// </summary>
    public StreamingEndpointHandler? FindStreaming(string endpoint) =>
        _streaming.TryGetValue(endpoint, out var handler) ? handler
        : !handlers.ContainsKey(endpoint) && _streaming.TryGetValue(RequestsAttribute.DefaultEndpoint, out handler) ? handler
        : null;

    /// <summary>The bound endpoint a request on <paramref name="endpoint"/> runs: itself, <c>/default</c>, or null.</summary>
    public string? ResolveKey(string endpoint) =>
        Has(endpoint) ? endpoint : Has(RequestsAttribute.DefaultEndpoint) ? RequestsAttribute.DefaultEndpoint : null;

    /// <summary>Whether a request on <paramref name="endpoint"/> would run anything here.</summary>
    public bool Serves(string endpoint) => Has(endpoint) || Has(RequestsAttribute.DefaultEndpoint);

    private bool Has(string endpoint) => handlers.ContainsKey(endpoint) || _streaming.ContainsKey(endpoint);
}
