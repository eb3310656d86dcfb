using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.Collections;

namespace JinaOrleans.Protos.DocArrayV2;

/// <summary>
/// The field map of a docarray v2 document or dict (<c>map&lt;string, NodeProto&gt;</c> on the wire) over its
/// repeated entries: lookups scan the handful of entries (the last of a repeated key wins, as for a protobuf map),
/// setting a key replaces its entry or appends one, so the entries keep their order. Hand-written because the
/// generated MapField costs several times more to parse and write (see docarray_v2.proto).
/// </summary>
public sealed class NodeMap : IEnumerable<KeyValuePair<string, NodeProto>>
{
    private readonly RepeatedField<NodeEntry> _entries;

    public NodeMap(RepeatedField<NodeEntry> entries)
    {
        _entries = entries ?? throw new ArgumentNullException(nameof(entries));
    }

    /// <summary>The number of distinct keys.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            for (var i = 0; i < _entries.Count; i++)
            {
                if (IndexOf(_entries[i].Key) == i)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>The keys, each once, in entry order.</summary>
    public IEnumerable<string> Keys => this.Select(static p => p.Key);

    /// <summary>The values, one per key, in entry order.</summary>
    public IEnumerable<NodeProto> Values => this.Select(static p => p.Value);

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No entry has that key (get).</exception>
    public NodeProto this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No field '{key}'.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var index = IndexOf(key);
            if (index >= 0)
            {
                _entries[index].Value = value;
            }
            else
            {
                _entries.Add(new NodeEntry { Key = key, Value = value });
            }
        }
    }

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out NodeProto value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value ?? (_entries[index].Value = new NodeProto()) : null;
        return index >= 0;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Removes every entry of <paramref name="key"/>; false when there was none.</summary>
    public bool Remove(string key)
    {
        var removed = false;
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == key)
            {
                _entries.RemoveAt(i);
                removed = true;
            }
        }

        return removed;
    }

    public void Clear() => _entries.Clear();

    public IEnumerator<KeyValuePair<string, NodeProto>> GetEnumerator()
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            if (IndexOf(entry.Key) == i)
            {
                yield return new KeyValuePair<string, NodeProto>(entry.Key, entry.Value ??= new NodeProto());
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The last entry of <paramref name="key"/>, or -1.</summary>
    private int IndexOf(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }
}
