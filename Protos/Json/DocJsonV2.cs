using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;

namespace JinaOrleans.Protos.Json;

/// <summary>
/// docarray v2 documents as JSON, the way a v2 gateway's pydantic models read and write them: one key per schema field;
/// text, numbers and booleans as themselves, bytes as base64, tensors as nested lists, nested documents as objects,
/// document lists (<c>chunks</c>, <c>matches</c>) as lists of objects, None as null. Reading has no schema to follow,
/// so it goes by the JSON: <c>id</c> is the document id, <c>embedding</c> and <c>tensor</c> lists of numbers are
/// tensors, <c>chunks</c> and <c>matches</c> lists of objects are document lists, and other values keep their JSON type.
/// </summary>
internal static class DocJsonV2
{
    public static void WriteDocument(Utf8JsonWriter writer, DocProto doc)
    {
        writer.WriteStartObject();
        foreach (var (field, node) in doc.Data)
        {
            if (node.ContentCase == NodeProto.ContentOneofCase.Ndarray)
            {
                NdArrayJson.WriteArray(writer, field, new NdArray(node.Ndarray).Proto);
                continue;
            }

            writer.WritePropertyName(field);
            WriteNode(writer, node);
        }

        writer.WriteEndObject();
    }

    public static DocProto ReadDocument(JsonElement element, string[] location, List<(string[] Location, string Message)> errors)
    {
        var doc = new DocProto();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add((location, "Input should be a valid document object"));
            return doc;
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = JsonText.Name(property);
            var here = new JsonFields.Where(location, name);
            doc.Data[name] = name switch
            {
                "id" => new NodeProto { Text = JsonFields.String(property.Value, here, errors), Type = "id" },
                "embedding" or "tensor" when property.Value.ValueKind == JsonValueKind.Array =>
                    NdArrayJson.ReadArray(property.Value, here, errors) is { } array
                        ? new NodeProto { Ndarray = new NdArray(array).ProtoV2, Type = name == "embedding" ? "ndarray_embedding" : "ndarray" }
                        : new NodeProto(),
                "chunks" or "matches" when property.Value.ValueKind == JsonValueKind.Array && property.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object) =>
                    new NodeProto { DocArray = ReadList(property.Value, [.. location, name], errors) },
                _ => ReadNode(property.Value),
            };
        }

        if (!doc.Data.ContainsKey("id"))
        {
            doc.Data["id"] = new NodeProto { Text = Identifiers.NewId(), Type = "id" };
        }

        return doc;
    }

    private static DocListProto ReadList(JsonElement array, string[] location, List<(string[] Location, string Message)> errors)
    {
        var list = new DocListProto();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            list.Docs.Add(ReadDocument(item, [.. location, index.ToString(CultureInfo.InvariantCulture)], errors));
            index++;
        }

        return list;
    }

    private static NodeProto ReadNode(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return new NodeProto { Text = JsonText.GetString(value) };
            case JsonValueKind.True or JsonValueKind.False:
                return new NodeProto { Boolean = value.GetBoolean() };
            case JsonValueKind.Number:
                return value.TryGetInt32(out var integer) ? new NodeProto { Integer = integer } : new NodeProto { Float = value.GetDouble() };
            case JsonValueKind.Object:
                var dict = new DictOfAnyProto();
                foreach (var property in value.EnumerateObject())
                {
                    dict.Data[JsonText.Name(property)] = ReadNode(property.Value);
                }

                return new NodeProto { Dict = dict };
            case JsonValueKind.Array:
                var list = new ListOfAnyProto();
                foreach (var item in value.EnumerateArray())
                {
                    list.Data.Add(ReadNode(item));
                }

                return new NodeProto { List = list };
            default:
                return new NodeProto();
        }
    }

    private static void WriteNode(Utf8JsonWriter writer, NodeProto node)
    {
        switch (node.ContentCase)
        {
            case NodeProto.ContentOneofCase.Text:
                writer.WriteStringValue(node.Text);
                break;
            case NodeProto.ContentOneofCase.Integer:
                writer.WriteNumberValue(node.Integer);
                break;
            case NodeProto.ContentOneofCase.Float:
                writer.WriteNumberValue(node.Float);
                break;
            case NodeProto.ContentOneofCase.Boolean:
                writer.WriteBooleanValue(node.Boolean);
                break;
            case NodeProto.ContentOneofCase.Blob:
                writer.WriteStringValue(node.Blob.ToBase64());
                break;
            case NodeProto.ContentOneofCase.Ndarray:
                writer.WriteStartObject();
                NdArrayJson.WriteArray(writer, "value", new NdArray(node.Ndarray).Proto);
                writer.WriteEndObject();
                break;
            case NodeProto.ContentOneofCase.Doc:
                WriteDocument(writer, node.Doc);
                break;
            case NodeProto.ContentOneofCase.DocArray:
                writer.WriteStartArray();
                foreach (var doc in node.DocArray.Docs)
                {
                    WriteDocument(writer, doc);
                }

                writer.WriteEndArray();
                break;
            case NodeProto.ContentOneofCase.List or NodeProto.ContentOneofCase.Set or NodeProto.ContentOneofCase.Tuple:
                writer.WriteStartArray();
                var items = node.ContentCase switch
                {
                    NodeProto.ContentOneofCase.List => node.List,
                    NodeProto.ContentOneofCase.Set => node.Set,
                    _ => node.Tuple,
                };
                foreach (var item in items.Data)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            case NodeProto.ContentOneofCase.Dict:
                writer.WriteStartObject();
                foreach (var (key, item) in node.Dict.Data)
                {
                    writer.WritePropertyName(key);
                    WriteNode(writer, item);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
