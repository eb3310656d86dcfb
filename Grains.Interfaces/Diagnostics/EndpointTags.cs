using System.Collections.Concurrent;
using System.Diagnostics;

namespace JinaOrleans.Diagnostics;

/// <summary>
/// The tags of one runtime's calls per endpoint, each <see cref="TagList"/> made once and then passed by reference, so
/// a call's async state carries a reference rather than the tags themselves. Endpoints come from requests, so the
/// cache stops growing at <see cref="Capacity"/>; past it, tags are made per call.
/// </summary>
internal sealed class EndpointTags(Func<string, TagList> create)
{
    /// <summary>How many endpoints are kept.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The tags of calls on <paramref name="endpoint"/>.</summary>
    public Entry For(string endpoint)
    {
        if (_entries.TryGetValue(endpoint, out var entry))
        {
            return entry;
        }

        entry = new Entry(create(endpoint));
        return _entries.Count < Capacity ? _entries.GetOrAdd(endpoint, entry) : entry;
    }

    /// <summary>One endpoint's tags.</summary>
    internal sealed class Entry(TagList tags)
    {
        public readonly TagList Tags = tags;
    }
}
