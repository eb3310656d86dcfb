using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Json;

/// <summary>
/// What the JSON codecs share: writer settings, optional and list fields, timestamps, and reading strings and numbers with the location of a problem.
/// </summary>
internal static class JsonFields
{
    /// <summary>
    /// Writer settings: quotes and non-ASCII text are written as they are (valid JSON, as Python's client reads
    /// it), not escaped for embedding in HTML.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteTimestamp(Utf8JsonWriter writer, string name, Timestamp? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
    }

    public static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (value == 0)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    public static string String(JsonElement value, Where location, List<(string[] Location, string Message)> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return JsonText.GetString(value);
        }

        errors.Add((location.ToArray(), "Input should be a valid string"));
        return string.Empty;
    }

    public static double Number(JsonElement value, Where location, List<(string[] Location, string Message)> errors, bool integer = false)
    {
        if (value.ValueKind == JsonValueKind.Number && (!integer || (value.TryGetInt64(out var whole) && whole >= 0)))
        {
            return value.GetDouble();
        }

        errors.Add((location.ToArray(), integer ? "Input should be a valid non-negative integer" : "Input should be a valid number"));
        return 0;
    }

    /// <summary>Where a value sits in the request; made into a location array only when an error is reported.</summary>
    public readonly struct Where(string[] parent, string name, string? field = null)
    {
        public string[] ToArray() => field is null ? [.. parent, name] : [.. parent, name, field];
    }
}
