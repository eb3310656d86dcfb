using System.Collections.Concurrent;
using System.Diagnostics;

namespace JinaOrleans.Diagnostics;

/// <summary>
/// One runtime's <see cref="JinaSeries"/> per endpoint, each made once (tags and all) and then found by the endpoint's
/// name, so a call carries a reference rather than the tags themselves. Endpoints come from requests, so the cache
/// stops growing at <see cref="Capacity"/>; endpoints past it are counted under <see cref="OverflowEndpoint"/>.
/// </summary>
internal sealed class EndpointTags(Func<string, TagList> create, bool countsInFlight)
{
    /// <summary>How many endpoints are kept.</summary>
    public const int Capacity = 256;

    /// <summary>The endpoint that endpoints past <see cref="Capacity"/> are counted under.</summary>
    public const string OverflowEndpoint = "(other)";

    private readonly ConcurrentDictionary<string, JinaSeries> _entries = new(StringComparer.Ordinal);

    /// <summary>The series of calls on <paramref name="endpoint"/>.</summary>
    public JinaSeries For(string endpoint)
    {
        if (_entries.TryGetValue(endpoint, out var entry))
        {
            return entry;
        }

        return _entries.GetOrAdd(
            _entries.Count < Capacity ? endpoint : OverflowEndpoint,
            static (e, state) => JinaSeries.Of(state.create(e), state.countsInFlight),
            (create, countsInFlight));
    }
}
