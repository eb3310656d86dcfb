using System.Text.Json;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Json;

/// <summary>The <c>header</c> of an HTTP or WebSocket (json) request body.</summary>
internal static class RequestHeaderJson
{
    /// <summary>
    /// The request body's <c>header</c>: only <c>timeout</c> (epoch seconds, a whole number in uint32's range) is read;
    /// the request id is the gateway's own and the other keys are ignored, as Jina's HTTP gateway does.
    /// </summary>
    public static void Read(JsonElement value, HeaderProto header, List<(string[] Location, string Message)> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add((["body", "header"], "Input should be a valid dictionary"));
            return;
        }

        foreach (var field in value.EnumerateObject())
        {
            if (JsonText.Name(field) != "timeout" || field.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetUInt32(out var timeout))
            {
                header.Timeout = timeout;
            }
            else
            {
                errors.Add((["body", "header", "timeout"], $"Input should be a whole number of epoch seconds from 0 to {uint.MaxValue} (the time after which the request is dropped), not {field.Value.GetRawText()}"));
            }
        }
    }
}
