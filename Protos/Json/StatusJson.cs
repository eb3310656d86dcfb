using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Json;

/// <summary>
/// <c>StatusProto</c> in JSON: the code, description and exception Jina reports.
/// </summary>
internal static class StatusJson
{
    /// <summary>Reads <c>{"code", "description", "exception"}</c>; null stays null.</summary>
    public static StatusProto? ReadStatus(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var status = new StatusProto();
        foreach (var field in value.EnumerateObject())
        {
            switch (JsonText.Name(field))
            {
                case "code" when field.Value.ValueKind == JsonValueKind.Number:
                    status.Code = field.Value.TryGetInt32(out var code)
                        ? (StatusProto.Types.StatusCode)code
                        : throw new JsonException($"A status code is not an integer: {field.Value.GetRawText()}.");
                    break;
                case "code" when field.Value.ValueKind == JsonValueKind.String:
                    status.Code = JsonText.GetString(field.Value) == "ERROR" ? StatusProto.Types.StatusCode.Error : StatusProto.Types.StatusCode.Success;
                    break;
                case "description" when field.Value.ValueKind == JsonValueKind.String:
                    status.Description = JsonText.GetString(field.Value);
                    break;
                case "exception" when field.Value.ValueKind == JsonValueKind.Object:
                    var exception = new StatusProto.Types.ExceptionProto();
                    foreach (var item in field.Value.EnumerateObject())
                    {
                        switch (JsonText.Name(item))
                        {
                            case "name" when item.Value.ValueKind == JsonValueKind.String:
                                exception.Name = JsonText.GetString(item.Value);
                                break;
                            case "executor" when item.Value.ValueKind == JsonValueKind.String:
                                exception.Executor = JsonText.GetString(item.Value);
                                break;
                            case "args" when item.Value.ValueKind == JsonValueKind.Array:
                                exception.Args.AddRange(item.Value.EnumerateArray().Select(JsonText.ToText));
                                break;
                            case "stacks" when item.Value.ValueKind == JsonValueKind.Array:
                                exception.Stacks.AddRange(item.Value.EnumerateArray().Select(JsonText.ToText));
                                break;
                        }
                    }

                    status.Exception = exception;
                    break;
            }
        }

        return status;
    }

    /// <summary>A status as Jina's <c>/dry_run</c> returns it: <c>{"code", "description", "exception"}</c>.</summary>
    public static void WriteStatus(Utf8JsonWriter writer, StatusProto? status)
    {
        if (status is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("code", (int)status.Code);
        writer.WriteString("description", status.Description);
        writer.WritePropertyName("exception");
        if (status.Exception is { } exception)
        {
            writer.WriteStartObject();
            writer.WriteString("name", exception.Name);
            JsonFields.WriteStrings(writer, "args", exception.Args);
            JsonFields.WriteStrings(writer, "stacks", exception.Stacks);
            writer.WriteString("executor", exception.Executor);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    }
}
