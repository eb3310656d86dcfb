using System.Collections;

namespace JinaOrleans.Rpc;

/// <summary>
/// Call headers or trailers: an ordered list of key/value pairs. Keys are lower-case ASCII;
/// keys ending in <c>-bin</c> carry binary values (base64 on the wire).
/// </summary>
public sealed class Metadata : IReadOnlyList<Metadata.Entry>
{
    private readonly List<Entry> _entries = [];

    /// <summary>One header or trailer.</summary>
    public sealed record Entry(string Key, string Value);

    public int Count => _entries.Count;

    public Entry this[int index] => _entries[index];

    /// <summary>Adds an entry; the key is lower-cased as the protocol requires.</summary>
    public Metadata Add(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _entries.Add(new Entry(key.ToLowerInvariant(), value));
        return this;
    }

    /// <summary>The last value of <paramref name="key"/>, or null.</summary>
    public string? GetValue(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].Value;
            }
        }

        return null;
    }

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
