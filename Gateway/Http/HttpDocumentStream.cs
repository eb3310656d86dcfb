using System.Buffers;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace JinaOrleans.Gateway.Http;

/// <summary>
/// A streaming (generator) endpoint over HTTP, as Jina's HTTP gateway serves it (JINA_PROTOCOL.md §5.5): GET
/// <c>/&lt;endpoint&gt;</c> with the document's fields as query parameters, or POST with the document as the JSON body
/// (or <c>{"data": doc, "parameters": {...}}</c>), answered with Server-Sent Events: <c>event: update</c> with the
/// document as JSON per item, then <c>event: end</c>, CRLF line ends, a <c>: ping</c> comment every 15 s of silence.
/// An executor error mid-stream is <c>event: error</c> with its status (Jina's client skips events it does not know),
/// and ends the stream. Written by hand: ASP.NET Core's SSE result writes LF line ends, which Jina's client does not read.
/// </summary>
internal sealed class HttpDocumentStream(DocumentStreamer streamer, GatewayDefinition gateway)
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);
    private static readonly byte[] End = "event: end\r\n\r\n"u8.ToArray();

    public async Task ServeAsync(HttpContext context, string endpoint)
    {
        var request = await ReadAsync(context, endpoint).ConfigureAwait(false);
        if (request is null)
        {
            return;
        }

        var items = streamer.StreamAsync(request, GatewayProtocol.Http, context.RequestAborted).GetAsyncEnumerator(context.RequestAborted);
        Task<bool>? next = null;
        try
        {
            await StreamAsync(context, items, n => next = n).ConfigureAwait(false);
        }
        finally
        {
            // A read still pending (the client left during a wait) ends first: an iterator is not disposed mid-await.
            if (next is { IsCompleted: false } pending)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task StreamAsync(HttpContext context, IAsyncEnumerator<SingleDocumentRequestProto> items, Action<Task<bool>> reading)
    {
        Task<bool> next;
        try
        {
            // Nothing is written before the first item: a flow that cannot be reached answers with its HTTP status.
            next = items.MoveNextAsync().AsTask();
            reading(next);
            await WaitWithPingsAsync(context, next, started: false).ConfigureAwait(false);
            await next.ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            await HttpResults.DetailAsync(context, HttpStatus(ex.StatusCode), ex.Status.Detail).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            while (next.Result)
            {
                var item = items.Current;
                var failed = StreamItems.Failed(item);
                await WriteEventAsync(response, failed ? "error" : "update", w => WriteItem(w, item, failed), context.RequestAborted).ConfigureAwait(false);
                if (failed)
                {
                    return;
                }

                next = items.MoveNextAsync().AsTask();
                reading(next);
                await WaitWithPingsAsync(context, next, started: true).ConfigureAwait(false);
                await next.ConfigureAwait(false);
            }

            await response.Body.WriteAsync(End, context.RequestAborted).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // Items have gone out: the failure is the stream's last event.
            await WriteEventAsync(response, "error", w => WriteFailure(w, ex), context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task WaitWithPingsAsync(HttpContext context, Task next, bool started)
    {
        while (!next.IsCompleted)
        {
            try
            {
                await next.WaitAsync(PingInterval, context.RequestAborted).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException) when (!next.IsCompleted)
            {
                if (started)
                {
                    var line = Encoding.UTF8.GetBytes($": ping - {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss.ffffff}\r\n\r\n");
                    await context.Response.Body.WriteAsync(line, context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, string name, Action<Utf8JsonWriter> data, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(Encoding.ASCII.GetBytes($"event: {name}\r\ndata: "));
        using (var writer = new Utf8JsonWriter(buffer, JsonFields.WriterOptions))
        {
            data(writer);
        }

        buffer.Write("\r\n\r\n"u8);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteItem(Utf8JsonWriter writer, SingleDocumentRequestProto item, bool failed)
    {
        if (failed)
        {
            writer.WriteStartObject();
            writer.WriteString("detail", item.Header.Status.Description);
            writer.WritePropertyName("header");
            writer.WriteStartObject();
            writer.WriteString("requestId", item.Header.RequestId);
            writer.WritePropertyName("status");
            StatusJson.WriteStatus(writer, item.Header.Status);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        else if (item.DocumentV2 is { } v2)
        {
            DocJsonV2.WriteDocument(writer, v2);
        }
        else
        {
            DocumentJson.WriteDocument(writer, item.Document ?? new Protos.DocArray.DocumentProto());
        }
    }

    private static void WriteFailure(Utf8JsonWriter writer, RpcException exception)
    {
        writer.WriteStartObject();
        writer.WriteString("detail", exception.Status.Detail);
        writer.WriteString("code", exception.StatusCode.ToString());
        writer.WriteEndObject();
    }

    /// <summary>The document to stream, or null when an error answer was written (bad content type, size, JSON).</summary>
    private async Task<SingleDocumentRequestProto?> ReadAsync(HttpContext context, string endpoint)
    {
        JsonDocument body;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            // GET: the document's fields as query parameters (strings), as Jina builds the input model from them.
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var (key, value) in context.Request.Query)
                {
                    writer.WriteString(key, value.ToString());
                }

                writer.WriteEndObject();
            }

            body = JsonDocument.Parse(buffer.WrittenMemory);
        }
        else
        {
            var contentType = context.Request.ContentType;
            if (contentType is not null && !contentType.Split(';')[0].Trim().EndsWith("json", StringComparison.OrdinalIgnoreCase))
            {
                await HttpResults.DetailAsync(context, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{contentType}' is not supported; send application/json.").ConfigureAwait(false);
                return null;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = gateway.MaxMessageSize;
            }

            try
            {
                var read = await ReadBodyAsync(context).ConfigureAwait(false);
                body = read.Length == 0 ? JsonDocument.Parse("{}") : JsonText.Parse(read);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await HttpResults.DetailAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body exceeds the maximum message size of {gateway.MaxMessageSize} bytes.").ConfigureAwait(false);
                return null;
            }
            catch (JsonException ex)
            {
                await HttpResults.ValidationAsync(context, [(["body"], $"JSON decode error: {ex.Message}")], "json_invalid").ConfigureAwait(false);
                return null;
            }
        }

        using (body)
        {
            var errors = new List<(string[] Location, string Message)>();
            using var normalized = Normalize(body.RootElement);
            var request = DataRequestJson.ReadRequest(normalized.RootElement, endpoint, errors, gateway.DocArray);
            var documents = RequestDocuments.Peek(request);
            if (errors.Count == 0 && documents is not { Count: 1 })
            {
                errors.Add((["body", "data"], "A streaming endpoint takes exactly one document."));
            }

            if (errors.Count > 0)
            {
                await HttpResults.ValidationAsync(context, errors, "value_error").ConfigureAwait(false);
                return null;
            }

            var document = documents![0];
            var item = new SingleDocumentRequestProto { Header = request.Header, Parameters = request.Parameters };
            if (document.ProtoV2 is { } v2)
            {
                item.DocumentV2 = v2;
            }
            else
            {
                item.Document = document.Proto;
            }

            return item;
        }
    }

    private static async Task<ReadOnlySequence<byte>> ReadBodyAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                // A copy: the document parsed from it must outlive the pipe's buffer.
                var copy = new ReadOnlySequence<byte>(result.Buffer.ToArray());
                reader.AdvanceTo(result.Buffer.End);
                return copy;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>
    /// The body as a request body: <c>{"data": [doc], ...}</c> whether it came as the document itself, as
    /// <c>{"data": doc}</c> or already with a list.
    /// </summary>
    private static JsonDocument Normalize(JsonElement root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out _))
            {
                writer.WriteStartObject();
                foreach (var property in root.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (property.NameEquals("data") && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        writer.WriteStartArray();
                        property.Value.WriteTo(writer);
                        writer.WriteEndArray();
                    }
                    else
                    {
                        property.Value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject();
                writer.WritePropertyName("data");
                writer.WriteStartArray();
                root.WriteTo(writer);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    // A stream refused before its first item (parallel branches, a bad target_executor) is the request's fault: 422.
    private static int HttpStatus(StatusCode code) =>
        code == StatusCode.InvalidArgument ? StatusCodes.Status422UnprocessableEntity : HttpResults.StatusOf(code);
}
