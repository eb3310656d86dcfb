using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;

namespace JinaOrleans;

/// <summary>
/// A dictionary view over a <c>google.protobuf.Struct</c> (document tags, nested parameters).
/// Reads and writes go straight to the message; numbers are doubles, as on the wire.
/// </summary>
public sealed class StructDictionary : IDictionary<string, object?>, IReadOnlyDictionary<string, object?>
{
    public StructDictionary()
        : this(new Struct())
    {
    }

    public StructDictionary(Struct proto)
    {
        Proto = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    /// <summary>The underlying message.</summary>
    public Struct Proto { get; }

    public int Count => Proto.Fields.Count;

    public bool IsReadOnly => false;

    public ICollection<string> Keys => Proto.Fields.Keys;

    public ICollection<object?> Values => Proto.Fields.Values.Select(ValueConverter.FromValue).ToList();

    IEnumerable<string> IReadOnlyDictionary<string, object?>.Keys => Keys;

    IEnumerable<object?> IReadOnlyDictionary<string, object?>.Values => Values;

    /// <summary>Gets a value (null if absent) or sets one (null stores a JSON null).</summary>
    public object? this[string key]
    {
        get => Proto.Fields.TryGetValue(key, out var value) ? ValueConverter.FromValue(value) : null;
        set => Proto.Fields[key] = ValueConverter.ToValue(value);
    }

    /// <summary>The string at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public string? GetString(string key, string? defaultValue = null) =>
        Proto.Fields.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : defaultValue;

    /// <summary>The number at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public double GetDouble(string key, double defaultValue = 0) =>
        Proto.Fields.TryGetValue(key, out var v) ? ToDouble(v, defaultValue) : defaultValue;

    /// <summary>The number at <paramref name="key"/> as an integer, or <paramref name="defaultValue"/>.</summary>
    public int GetInt32(string key, int defaultValue = 0) =>
        Proto.Fields.TryGetValue(key, out var v) ? (int)ToDouble(v, defaultValue) : defaultValue;

    /// <summary>The boolean at <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public bool GetBoolean(string key, bool defaultValue = false) =>
        Proto.Fields.TryGetValue(key, out var v) ? v.KindCase switch
        {
            Value.KindOneofCase.BoolValue => v.BoolValue,
            Value.KindOneofCase.StringValue => bool.TryParse(v.StringValue, out var b) ? b : defaultValue,
            _ => defaultValue,
        } : defaultValue;

    public void Add(string key, object? value)
    {
        if (Proto.Fields.ContainsKey(key))
        {
            throw new ArgumentException($"An entry with key '{key}' already exists.", nameof(key));
        }

        Proto.Fields[key] = ValueConverter.ToValue(value);
    }

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public void Clear() => Proto.Fields.Clear();

    public bool Contains(KeyValuePair<string, object?> item) =>
        Proto.Fields.TryGetValue(item.Key, out var stored) && stored.Equals(ValueConverter.ToValue(item.Value));

    public bool ContainsKey(string key) => Proto.Fields.ContainsKey(key);

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
        foreach (var (key, value) in Proto.Fields)
        {
            yield return new KeyValuePair<string, object?>(key, ValueConverter.FromValue(value));
        }
    }

    public bool Remove(string key) => Proto.Fields.Remove(key);

    public bool Remove(KeyValuePair<string, object?> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        if (Proto.Fields.TryGetValue(key, out var raw))
        {
            value = ValueConverter.FromValue(raw);
            return true;
        }

        value = null;
        return false;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => Proto.ToString();

    internal static double ToDouble(Value v, double defaultValue) => v.KindCase switch
    {
        Value.KindOneofCase.NumberValue => v.NumberValue,
        Value.KindOneofCase.StringValue => double.TryParse(v.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : defaultValue,
        Value.KindOneofCase.BoolValue => v.BoolValue ? 1 : 0,
        _ => defaultValue,
    };
}
