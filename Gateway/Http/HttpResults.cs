using System.Text.Json;
using JinaOrleans.Protos.Json;
using Microsoft.AspNetCore.Http;

namespace JinaOrleans.Gateway.Http;

/// <summary>Writes JSON answers straight into the response body.</summary>
internal static class HttpResults
{
    public static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, JsonFields.WriterOptions))
        {
            write(writer);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>FastAPI's error shape: <c>{"detail": "..."}</c>.</summary>
    public static Task DetailAsync(HttpContext context, int status, string detail) =>
        WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("detail", detail);
            w.WriteEndObject();
        });

    /// <summary>FastAPI's validation error: 422 with <c>{"detail": [{"loc", "msg", "type"}]}</c>.</summary>
    public static Task ValidationAsync(HttpContext context, IEnumerable<(string[] Location, string Message)> errors, string type) =>
        WriteJsonAsync(context, StatusCodes.Status422UnprocessableEntity, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("detail");
            foreach (var (location, message) in errors)
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteStartArray("loc");
                foreach (var part in location)
                {
                    w.WriteStringValue(part);
                }

                w.WriteEndArray();
                w.WriteString("msg", message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>The HTTP status of a transport failure, as Jina's HTTP gateway maps gRPC codes (JINA_PROTOCOL.md §5.4).</summary>
    public static int StatusOf(global::Grpc.Core.StatusCode code) => code switch
    {
        global::Grpc.Core.StatusCode.Unavailable or global::Grpc.Core.StatusCode.NotFound => StatusCodes.Status503ServiceUnavailable,
        global::Grpc.Core.StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
