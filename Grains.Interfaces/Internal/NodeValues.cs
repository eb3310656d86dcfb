using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArrayV2;

namespace JinaOrleans.Internal;

/// <summary>
/// docarray v2's <c>NodeProto</c> (one value of a document field) to and from CLR values and
/// <c>google.protobuf.Value</c>, the way docarray encodes Python values: <c>str</c> → text, <c>int</c> → integer,
/// <c>float</c> → float, <c>bool</c> → boolean, <c>bytes</c> → blob, a tensor → ndarray, a document → doc, a
/// document list → doc_array, a list → list, a dict → dict, None → no content.
/// </summary>
internal static class NodeValues
{
    /// <summary>The node a CLR value is stored as.</summary>
    public static NodeProto FromObject(object? value) => value switch
    {
        null => new NodeProto(),
        NodeProto node => node,
        string s => new NodeProto { Text = s },
        bool b => new NodeProto { Boolean = b },
        int i => new NodeProto { Integer = i },
        short sh => new NodeProto { Integer = sh },
        byte by => new NodeProto { Integer = by },
        long l when l is >= int.MinValue and <= int.MaxValue => new NodeProto { Integer = (int)l },
        long l => new NodeProto { Float = l },
        double d => new NodeProto { Float = d },
        float f => new NodeProto { Float = f },
        decimal m => new NodeProto { Float = (double)m },
        byte[] bytes => new NodeProto { Blob = ByteString.CopyFrom(bytes) },
        ReadOnlyMemory<byte> memory => new NodeProto { Blob = ByteString.CopyFrom(memory.Span) },
        NdArray array => new NodeProto { Ndarray = array.ProtoV2, Type = "ndarray" },
        Document document => new NodeProto { Doc = document.ToV2Proto() },
        DocumentArray array => new NodeProto { DocArray = new DocListProto { Docs = { array.ToV2Protos() } } },
        Value v => FromValue(v),
        StructDictionary sd => new NodeProto { Dict = ToDict(sd) },
        IEnumerable<KeyValuePair<string, object?>> map => new NodeProto { Dict = ToDict(map) },
        IDictionary dictionary => new NodeProto { Dict = ToDict(dictionary.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(Convert.ToString(k, CultureInfo.InvariantCulture)!, dictionary[k]))) },
        IEnumerable sequence => new NodeProto { List = ToList(sequence) },
        System.Enum e => new NodeProto { Text = e.ToString() },
        IFormattable formattable => new NodeProto { Text = formattable.ToString(null, CultureInfo.InvariantCulture) },
        _ => throw new ArgumentException(
            $"A value of type {value.GetType().FullName} cannot be stored in a docarray v2 field; use a string, number, bool, bytes, NdArray, Document, DocumentArray, dictionary, list or null.",
            nameof(value)),
    };

    /// <summary>The CLR value of a node: string, int, double, bool, byte[], NdArray, Document, DocumentArray, a list or a dictionary.</summary>
    public static object? ToObject(NodeProto? node) => node?.ContentCase switch
    {
        null or NodeProto.ContentOneofCase.None => null,
        NodeProto.ContentOneofCase.Text => node.Text,
        NodeProto.ContentOneofCase.Integer => node.Integer,
        NodeProto.ContentOneofCase.Float => node.Float,
        NodeProto.ContentOneofCase.Boolean => node.Boolean,
        NodeProto.ContentOneofCase.Blob => node.Blob.ToByteArray(),
        NodeProto.ContentOneofCase.Ndarray => new NdArray(node.Ndarray),
        NodeProto.ContentOneofCase.Doc => new Document(node.Doc),
        NodeProto.ContentOneofCase.DocArray => new DocumentArray(node.DocArray.Docs),
        NodeProto.ContentOneofCase.List => node.List.Data.Select(ToObject).ToList(),
        NodeProto.ContentOneofCase.Set => node.Set.Data.Select(ToObject).ToList(),
        NodeProto.ContentOneofCase.Tuple => node.Tuple.Data.Select(ToObject).ToList(),
        NodeProto.ContentOneofCase.Dict => new StructDictionary(node.Dict.Data),
        _ => null,
    };

    /// <summary>A node as a JSON-like protobuf Value (tensors as nested lists of numbers, bytes as base64).</summary>
    public static Value ToValue(NodeProto? node) => node?.ContentCase switch
    {
        null or NodeProto.ContentOneofCase.None => Value.ForNull(),
        NodeProto.ContentOneofCase.Text => Value.ForString(node.Text),
        NodeProto.ContentOneofCase.Integer => Value.ForNumber(node.Integer),
        NodeProto.ContentOneofCase.Float => Value.ForNumber(node.Float),
        NodeProto.ContentOneofCase.Boolean => Value.ForBool(node.Boolean),
        NodeProto.ContentOneofCase.Blob => Value.ForString(node.Blob.ToBase64()),
        NodeProto.ContentOneofCase.Ndarray => new Value { ListValue = TensorValues(new NdArray(node.Ndarray)) },
        NodeProto.ContentOneofCase.Doc => new Value { StructValue = ToStruct(node.Doc.Data) },
        NodeProto.ContentOneofCase.DocArray => new Value { ListValue = new ListValue { Values = { node.DocArray.Docs.Select(d => new Value { StructValue = ToStruct(d.Data) }) } } },
        NodeProto.ContentOneofCase.List => new Value { ListValue = new ListValue { Values = { node.List.Data.Select(ToValue) } } },
        NodeProto.ContentOneofCase.Set => new Value { ListValue = new ListValue { Values = { node.Set.Data.Select(ToValue) } } },
        NodeProto.ContentOneofCase.Tuple => new Value { ListValue = new ListValue { Values = { node.Tuple.Data.Select(ToValue) } } },
        NodeProto.ContentOneofCase.Dict => new Value { StructValue = ToStruct(node.Dict.Data) },
        _ => Value.ForNull(),
    };

    /// <summary>A protobuf Value as a node: whole numbers that fit 32 bits become integers (Python ints), other numbers floats.</summary>
    public static NodeProto FromValue(Value? value) => value?.KindCase switch
    {
        null or Value.KindOneofCase.None or Value.KindOneofCase.NullValue => new NodeProto(),
        Value.KindOneofCase.StringValue => new NodeProto { Text = value.StringValue },
        Value.KindOneofCase.BoolValue => new NodeProto { Boolean = value.BoolValue },
        Value.KindOneofCase.NumberValue => value.NumberValue is var n && Math.Floor(n) == n && n is >= int.MinValue and <= int.MaxValue
            ? new NodeProto { Integer = (int)n }
            : new NodeProto { Float = value.NumberValue },
        Value.KindOneofCase.StructValue => new NodeProto { Dict = FromStruct(value.StructValue) },
        Value.KindOneofCase.ListValue => new NodeProto { List = new ListOfAnyProto { Data = { value.ListValue.Values.Select(FromValue) } } },
        _ => new NodeProto(),
    };

    public static Struct ToStruct(IEnumerable<KeyValuePair<string, NodeProto>> map)
    {
        var result = new Struct();
        foreach (var (key, node) in map)
        {
            result.Fields[key] = ToValue(node);
        }

        return result;
    }

    public static DictOfAnyProto FromStruct(Struct value)
    {
        var dict = new DictOfAnyProto();
        foreach (var (key, item) in value.Fields)
        {
            dict.Data[key] = FromValue(item);
        }

        return dict;
    }

    private static DictOfAnyProto ToDict(IEnumerable<KeyValuePair<string, object?>> map)
    {
        var dict = new DictOfAnyProto();
        foreach (var (key, item) in map)
        {
            dict.Data[key] = FromObject(item);
        }

        return dict;
    }

    private static ListOfAnyProto ToList(IEnumerable sequence)
    {
        var list = new ListOfAnyProto();
        foreach (var item in sequence)
        {
            list.Data.Add(FromObject(item));
        }

        return list;
    }

    private static ListValue TensorValues(NdArray array)
    {
        var list = new ListValue();
        foreach (var d in array.ToDoubleArray())
        {
            list.Values.Add(Value.ForNumber(d));
        }

        return list;
    }
}
