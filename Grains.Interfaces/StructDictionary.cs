using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;
using JinaOrleans.Protos.DocArrayV2;

namespace JinaOrleans;

/// <summary>
/// A dictionary view over a <c>google.protobuf.Struct</c> (document tags, nested parameters), or over the
/// <c>DictOfAnyProto</c> map of a docarray v2 document (its tags, or any dict field).
/// Reads and writes go straight to the message; in a Struct numbers are doubles, as on the wire; in a v2 map whole
/// numbers are stored as integers, as Python ints are.
/// </summary>
public sealed class StructDictionary : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>
{
    public StructDictionary()
        : this(new Struct())
    {
    }

    private readonly Struct? _struct;
    private readonly NodeMap? _nodes;

    public StructDictionary(Struct proto)
    {
        _struct = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    internal StructDictionary(NodeMap nodes)
    {
        _nodes = nodes ?? throw new ArgumentNullException(nameof(nodes));
    }

    /// <summary>The underlying Struct.</summary>
    /// <exception cref="InvalidOperationException">The dictionary is a docarray v2 map, not a Struct.</exception>
    public Struct Proto => _struct ?? throw new InvalidOperationException("This dictionary is a docarray v2 DictOfAnyProto, not a protobuf Struct.");

    public int Count => _struct?.Fields.Count ?? _nodes!.Count;

    public bool IsReadOnly => false;

    public ICollection<string> Keys => _struct?.Fields.Keys ?? _nodes!.Keys.ToList();

    public ICollection<object?> Values => _struct is { } s
        ? s.Fields.Values.Select(ValueConverter.FromValue).ToList()
        : _nodes!.Values.Select(NodeValues.ToObject).ToList();

    IEnumerable<string> IReadOnlyDictionary<string, object?>.Keys => Keys;

    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Values;

    /// <summary>Gets a value (null if absent) or sets one (null stores a JSON null).</summary>
    public object? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : null;
        set
        {
            if (_struct is { } s)
            {
                s.Fields[key] = ValueConverter.ToValue(value);
            }
            else
            {
                _nodes![key] = NodeValues.FromObject(value);
            }
        }
    }

    /// <summary>The string at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public string? GetString(string key, string? defaultValue = null) =>
        TryGetRaw(key, out var v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : defaultValue;

    /// <summary>The number at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public double GetDouble(string key, double defaultValue = 0) =>
        TryGetRaw(key, out var v) ? ToDouble(v, defaultValue) : defaultValue;

    /// <summary>The number at <paramref name="key"/> as an integer, or <paramref name="defaultValue"/>.</summary>
    public int GetInt32(string key, int defaultValue = 0) =>
        TryGetRaw(key, out var v) ? (int)ToDouble(v, defaultValue) : defaultValue;

    /// <summary>The boolean at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public bool GetBoolean(string key, bool defaultValue = false) =>
        TryGetRaw(key, out var v) ? v.KindCase switch
        {
            Value.KindOneofCase.BoolValue => v.BoolValue,
            Value.KindOneofCase.StringValue => bool.TryParse(v.StringValue, out var b) ? b : defaultValue,
            _ => defaultValue,
        } : defaultValue;

    public void Add(string key, object? value)
    {
        if (ContainsKey(key))
        {
            throw new ArgumentException($"An entry with key '{key}' already exists.", nameof(key));
        }

        this[key] = value;
    }

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public void Clear()
    {
        _struct?.Fields.Clear();
        _nodes?.Clear();
    }

    public bool Contains(KeyValuePair<string, object?> item) =>
        TryGetRaw(item.Key, out var stored) && stored.Equals(ValueConverter.ToValue(item.Value));

    public bool ContainsKey(string key) => _struct?.Fields.ContainsKey(key) ?? _nodes!.ContainsKey(key);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        if (_struct is { } s)
        {
            foreach (var (key, value) in s.Fields)
            {
                yield return new KeyValuePair<string, object?>(key, ValueConverter.FromValue(value));
            }

            yield break;
        }

        foreach (var (key, node) in _nodes!)
        {
            yield return new KeyValuePair<string, object?>(key, NodeValues.ToObject(node));
        }
    }

    public bool Remove(string key) => _struct?.Fields.Remove(key) ?? _nodes!.Remove(key);

    public bool Remove(KeyValuePair<string, object?> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (_struct is { } s)
        {
            if (s.Fields.TryGetValue(key, out var raw))
            {
                value = ValueConverter.FromValue(raw);
                return true;
            }
        }
        else if (_nodes!.TryGetValue(key, out var node))
        {
            value = NodeValues.ToObject(node);
            return true;
        }

        value = null;
        return false;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => _struct?.ToString() ?? NodeValues.ToStruct(_nodes!).ToString();

    /// <summary>The entries as a Struct: the Struct itself, or a v2 map converted.</summary>
    internal Struct AsStruct() => _struct ?? NodeValues.ToStruct(_nodes!);

    /// <summary>The entry as a protobuf Value (a v2 node converted), for the typed getters.</summary>
    private bool TryGetRaw(string key, [MaybeNullWhen(false)] out Value value)
    {
        if (_struct is { } s)
        {
            return s.Fields.TryGetValue(key, out value);
        }

        if (_nodes!.TryGetValue(key, out var node))
        {
            value = NodeValues.ToValue(node);
            return true;
        }

        value = null;
        return false;
    }

    internal static double ToDouble(Value v, double defaultValue) => v.KindCase switch
    {
        Value.KindOneofCase.NumberValue => v.NumberValue,
        Value.KindOneofCase.StringValue => double.TryParse(v.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : defaultValue,
        Value.KindOneofCase.BoolValue => v.BoolValue ? 1 : 0,
        _ => defaultValue,
    };
}
