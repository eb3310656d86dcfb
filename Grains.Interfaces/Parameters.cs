using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;

namespace JinaOrleans;

/// <summary>
/// The parameters of a request as an executor sees them (<c>parameters</c> in Jina). Reading costs
/// nothing; the first change, or the first read of a nested object or list, takes a private copy, so
/// an executor's edits never leak into the request or into other executors (as in Jina).
/// </summary>
public sealed class Parameters : IReadOnlyDictionary<string, object?>
{
    private Struct _struct;
    private bool _owned;

    /// <summary>Empty parameters.</summary>
    public Parameters()
    {
        _struct = new Struct();
        _owned = true;
    }

    private Parameters(Struct source, bool owned)
    {
        _struct = source;
        _owned = owned;
    }

    public int Count => _struct.Fields.Count;

    public IEnumerable<string> Keys => _struct.Fields.Keys;

    public IEnumerable<object?> Values => this.Select(p => p.Value);

    /// <summary>Gets a value (null if absent) or sets one in this executor's private copy.</summary>
    public object? this[string key]
    {
        get => TryGetValue(key, out var value) ? value : null;
        set => Own().Fields[key] = ValueConverter.ToValue(value);
    }

    /// <summary>A view over <paramref name="source"/> that copies it before the first change.</summary>
    public static Parameters FromStruct(Struct? source) => source is null ? new Parameters() : new Parameters(source, owned: false);

    /// <summary>Parameters built from a dictionary (copied).</summary>
    public static Parameters FromDictionary(IEnumerable<KeyValuePair<string, object?>> values) =>
        new(ValueConverter.ToStruct(values).Clone(), owned: true);

    public bool ContainsKey(string key) => _struct.Fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (!_struct.Fields.TryGetValue(key, out var raw))
        {
            value = null;
            return false;
        }

        if (raw.KindCase is Value.KindOneofCase.StructValue or Value.KindOneofCase.ListValue && !_owned)
        {
            // A nested view could be written through; take the copy now.
            raw = Own().Fields[key];
        }

        value = ValueConverter.FromValue(raw);
        return true;
    }

    /// <summary>Removes a key from this executor's private copy.</summary>
    public bool Remove(string key) => _struct.Fields.ContainsKey(key) && Own().Fields.Remove(key);

    /// <summary>The string at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public string? GetString(string key, string? defaultValue = null) =>
        _struct.Fields.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : defaultValue;

    /// <summary>The number at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public double GetDouble(string key, double defaultValue = 0) =>
        _struct.Fields.TryGetValue(key, out var v) ? StructDictionary.ToDouble(v, defaultValue) : defaultValue;

    /// <summary>The number at <paramref name="key"/> as an integer (Struct numbers are doubles), or <paramref name="defaultValue"/>.</summary>
    public int GetInt32(string key, int defaultValue = 0) =>
        _struct.Fields.TryGetValue(key, out var v) ? (int)StructDictionary.ToDouble(v, defaultValue) : defaultValue;

    /// <summary>The boolean at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public bool GetBoolean(string key, bool defaultValue = false) =>
        _struct.Fields.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.BoolValue ? v.BoolValue : defaultValue;

    /// <summary>A copy of the parameters as a protobuf <c>Struct</c>.</summary>
    public Struct ToStruct() => _struct.Clone();

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var key in _struct.Fields.Keys.ToList())
        {
            TryGetValue(key, out var value);
            yield return new KeyValuePair<string, object?>(key, value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => _struct.ToString();

    private Struct Own()
    {
        if (!_owned)
        {
            _struct = _struct.Clone();
            _owned = true;
        }

        return _struct;
    }
}
