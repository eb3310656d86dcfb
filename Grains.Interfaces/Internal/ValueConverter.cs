using System.Collections;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace JinaOrleans.Internal;

/// <summary>
/// Converts CLR values to <c>google.protobuf.Value</c> and back. Numbers become doubles, as in every
/// Jina <c>Struct</c>; objects and lists read back as live views (<see cref="StructDictionary"/>,
/// <see cref="StructList"/>) over the protobuf message, never as copies.
/// </summary>
internal static class ValueConverter
{
    public static Value ToValue(object? value) => value switch
    {
        null => Value.ForNull(),
        Value v => v,
        string s => Value.ForString(s),
        bool b => Value.ForBool(b),
        double d => Value.ForNumber(d),
        float f => Value.ForNumber(f),
        int i => Value.ForNumber(i),
        long l => Value.ForNumber(l),
        uint u => Value.ForNumber(u),
        ulong ul => Value.ForNumber(ul),
        short sh => Value.ForNumber(sh),
        ushort ush => Value.ForNumber(ush),
        byte by => Value.ForNumber(by),
        sbyte sb => Value.ForNumber(sb),
        decimal m => Value.ForNumber((double)m),
        char c => Value.ForString(c.ToString()),
        System.Enum e => Value.ForString(e.ToString()),
        StructDictionary sd => new Value { StructValue = sd.AsStruct() },
        StructList sl => new Value { ListValue = sl.Proto },
        Parameters p => new Value { StructValue = p.ToStruct() },
        Struct st => new Value { StructValue = st },
        ListValue lv => new Value { ListValue = lv },
        IEnumerable<KeyValuePair<string, object?>> map => new Value { StructValue = ToStruct(map) },
        IDictionary dictionary => new Value { StructValue = ToStruct(dictionary) },
        IEnumerable sequence => new Value { ListValue = ToList(sequence) },
        IFormattable formattable => Value.ForString(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException(
            $"A value of type {value.GetType().FullName} cannot be stored in a protobuf Struct; use a string, number, bool, null, dictionary or list.",
            nameof(value)),
    };

    public static object? FromValue(Value? value) => value?.KindCase switch
    {
        null or Value.KindOneofCase.None or Value.KindOneofCase.NullValue => null,
        Value.KindOneofCase.NumberValue => value.NumberValue,
        Value.KindOneofCase.StringValue => value.StringValue,
        Value.KindOneofCase.BoolValue => value.BoolValue,
        Value.KindOneofCase.StructValue => new StructDictionary(value.StructValue),
        Value.KindOneofCase.ListValue => new StructList(value.ListValue),
        _ => null,
    };

    public static Struct ToStruct(IEnumerable<KeyValuePair<string, object?>> map)
    {
        var result = new Struct();
        foreach (var (key, item) in map)
        {
            result.Fields[key] = ToValue(item);
        }

        return result;
    }

    private static Struct ToStruct(IDictionary dictionary)
    {
        var result = new Struct();
        foreach (DictionaryEntry entry in dictionary)
        {
            result.Fields[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToValue(entry.Value);
        }

        return result;
    }

    private static ListValue ToList(IEnumerable sequence)
    {
        var list = new ListValue();
        foreach (var item in sequence)
        {
            list.Values.Add(ToValue(item));
        }

        return list;
    }
}
