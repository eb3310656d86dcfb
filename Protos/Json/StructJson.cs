using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Json;

/// <summary>
/// <c>google.protobuf.Struct</c> and <c>Value</c> in JSON (parameters, tags): plain JSON objects, non-finite numbers as strings.
/// </summary>
internal static class StructJson
{
    /// <summary>A protobuf Struct as a JSON object.</summary>
    public static void WriteStruct(Utf8JsonWriter writer, Struct value)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value.Fields)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, item);
        }

        writer.WriteEndObject();
    }

    /// <summary>A JSON object as a protobuf Struct (numbers become doubles, as in Jina).</summary>
    public static Struct ReadStruct(JsonElement element)
    {
        var result = new Struct();
        foreach (var property in element.EnumerateObject())
        {
            result.Fields[JsonText.Name(property)] = ReadValue(property.Value);
        }

        return result;
    }

    private static void WriteValue(Utf8JsonWriter writer, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.NumberValue:
                var number = value.NumberValue;
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case Value.KindOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                WriteStruct(writer, value.StructValue);
                break;
            case Value.KindOneofCase.ListValue:
                writer.WriteStartArray();
                foreach (var item in value.ListValue.Values)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static Value ReadValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => Value.ForNumber(element.GetDouble()),
        JsonValueKind.String => Value.ForString(JsonText.GetString(element)),
        JsonValueKind.True => Value.ForBool(true),
        JsonValueKind.False => Value.ForBool(false),
        JsonValueKind.Object => new Value { StructValue = ReadStruct(element) },
        JsonValueKind.Array => new Value { ListValue = new ListValue { Values = { element.EnumerateArray().Select(ReadValue) } } },
        _ => Value.ForNull(),
    };
}
