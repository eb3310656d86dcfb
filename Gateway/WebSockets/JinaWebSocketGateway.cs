using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Protos.Status;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Grpc;
using JinaOrleans.Gateway.Http;
using JinaOrleans.Protos.Json;
using JinaOrleans.Gateway.Streaming;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Wire;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway.WebSockets;

/// <summary>
/// The WebSocket gateway (JINA_PROTOCOL.md §6). On <c>/</c>: subprotocol <c>bytes</c> (one DataRequestProto per
/// binary message) or <c>json</c> (the HTTP body model per text message); <c>0x00</c> or <c>{}</c> ends the
/// stream, after which every response is sent and the socket closes normally. Responses carry the client's
/// request_id and come in completion order. A message that is not a request (bad JSON, bytes that are not UTF-8, not a
/// DataRequestProto) gets an error response and the socket goes on, except a text message that is not UTF-8: the
/// WebSocket layer itself fails that connection with 1007, as RFC 6455 §8.1 requires. A transport failure behind the
/// gateway closes the socket with 1011. <c>/dry_run</c> answers one status and closes. Plain GET <c>/</c>,
/// <c>/status</c>, <c>/dry_run</c> are served too.
/// </summary>
internal sealed partial class JinaWebSocketGateway
{
    // How long a connection the WebSocket layer failed is kept for the client to read the close frame.
    private static readonly TimeSpan FailedConnectionLinger = TimeSpan.FromSeconds(2);

    private readonly RequestStreamer _streamer;
    private readonly JinaGrpcGateway _grpc;
    private readonly JinaHttpGateway _http;
    private readonly GatewayDefinition _gateway;
    private readonly ILogger _logger;

    public JinaWebSocketGateway(RequestStreamer streamer, JinaGrpcGateway grpc, JinaHttpGateway http, GatewayDefinition gateway, ILogger logger)
    {
        _streamer = streamer;
        _grpc = grpc;
        _http = http;
        _gateway = gateway;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!context.WebSockets.IsWebSocketRequest)
        {
            if (!HttpMethods.IsGet(context.Request.Method) || !await _http.TryServeGetAsync(context, path).ConfigureAwait(false))
            {
                await HttpResults.DetailAsync(context, StatusCodes.Status404NotFound, "Not Found").ConfigureAwait(false);
            }

            return;
        }

        if (path is not "/" and not "/dry_run")
        {
            await HttpResults.DetailAsync(context, StatusCodes.Status404NotFound, "Not Found").ConfigureAwait(false);
            return;
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var json = !requested.Contains("bytes");
        var subProtocol = requested.Contains(json ? "json" : "bytes") ? (json ? "json" : "bytes") : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
        var connection = new Connection(socket, json, _gateway.MaxMessageSize);
        if (path == "/dry_run")
        {
            await DryRunAsync(connection, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await StreamAsync(connection, GatewaySpan.ForHttp(context, "websocket"), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task DryRunAsync(Connection connection, CancellationToken cancellationToken)
    {
        try
        {
            // The client sends one (ignored) message first.
            _ = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var status = await _grpc.DryRunAsync(cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(status, cancellationToken).ConfigureAwait(false);
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            Log.ClientGone(_logger, ex.Message);
            await LingerAfterFailureAsync(ex).ConfigureAwait(false);
        }
    }

    private async Task StreamAsync(Connection connection, GatewaySpan? trace, CancellationToken cancellationToken)
    {
        try
        {
            await _streamer.StreamAsync(new RequestReader(connection, _logger, _gateway.DocArray), new ResponseWriter(connection), _gateway.Prefetch, inOrder: false, trace, GatewayProtocol.WebSocket, cancellationToken).ConfigureAwait(false);
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            Log.StreamFailed(_logger, ex.StatusCode, ex.Status.Detail);
            await connection.CloseAsync(WebSocketCloseStatus.InternalServerError, CloseReason(ex.Status), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            Log.ClientGone(_logger, ex.Message);
            await LingerAfterFailureAsync(ex).ConfigureAwait(false);
        }
    }

    /// <summary>A close reason of at most 123 UTF-8 bytes: <paramref name="message"/>, cut at a word when it is longer.</summary>
    private static string ShortReason(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= 123)
        {
            return message;
        }

        var cut = message[..Math.Min(message.Length, 120)];
        while (Encoding.UTF8.GetByteCount(cut) > 120)
        {
            cut = cut[..^1];
        }

        var space = cut.LastIndexOf(' ');
        return (space > 60 ? cut[..space] : cut) + "...";
    }

    /// <summary>
    /// When the WebSocket layer itself failed the connection for a frame it refuses (1007 for a text message that is not
    /// UTF-8, as RFC 6455 §8.1 requires; 1002 for a protocol error), it has sent its close frame and aborted the socket.
    /// Returning at once resets the TCP connection, and a client that has not read the close frame yet loses it with its
    /// status; so the connection is kept a moment first.
    /// </summary>
    private static Task LingerAfterFailureAsync(Exception ex) =>
        ex is WebSocketException { WebSocketErrorCode: WebSocketError.Faulted } ? Task.Delay(FailedConnectionLinger) : Task.CompletedTask;

    /// <summary>The close reason: the details if they fit in 123 UTF-8 bytes, else a short text (one for timeouts, as Jina's).</summary>
    private static string CloseReason(Status status) =>
        Encoding.UTF8.GetByteCount(status.Detail) <= 123 ? status.Detail
        : status.StatusCode == StatusCode.DeadlineExceeded ? "A request ran out of time (DEADLINE_EXCEEDED); its response's header.status says which limit."
        : "Gateway could not reach an executor (see the gateway log).";

    /// <summary>One accepted socket: whole messages in, requests and statuses out, one sender at a time.</summary>
    private sealed class Connection(WebSocket socket, bool json, int maxMessageSize)
    {
        // Messages are read one at a time into this buffer (kept for the next unless a large one grew it).
        private const int RetainedBufferSize = 1024 * 1024;

        private readonly SemaphoreSlim _send = new(1, 1);
        private ArrayBufferWriter<byte> _receive = new(16 * 1024);

        public bool Json => json;

        /// <summary>
        /// One whole message, or null when the client closed; its data is valid until the next call. Fails with
        /// 1009 beyond the size limit.
        /// </summary>
        public async Task<(WebSocketMessageType Type, ReadOnlyMemory<byte> Data)?> ReceiveAsync(CancellationToken cancellationToken)
        {
            if (_receive.Capacity > RetainedBufferSize)
            {
                _receive = new ArrayBufferWriter<byte>(16 * 1024);
            }

            var buffer = _receive;
            buffer.ResetWrittenCount();
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                var result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > maxMessageSize)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"message larger than {maxMessageSize} bytes", cancellationToken).ConfigureAwait(false);
                    return null;
                }

                if (result.EndOfMessage)
                {
                    return (result.MessageType, buffer.WrittenMemory);
                }
            }
        }

        public Task SendAsync(DataRequestProto response, CancellationToken cancellationToken) =>
            json ? SendJsonAsync(w => DataRequestJson.WriteResponse(w, response, JsonNaming.SnakeCase), cancellationToken) : SendBinaryAsync(JinaWire.ForWire(response), cancellationToken);

        public Task SendAsync(StatusProto status, CancellationToken cancellationToken) =>
            json ? SendJsonAsync(w => StatusJson.WriteStatus(w, status), cancellationToken) : SendBinaryAsync(status, cancellationToken);

        public async Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
        {
            await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseAsync(status, reason, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                // The client went away first.
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task SendBinaryAsync(IMessage message, CancellationToken cancellationToken)
        {
            var bytes = message.ToByteArray();
            await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task SendJsonAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>();
            await using (var writer = new Utf8JsonWriter(buffer, JsonFields.WriterOptions))
            {
                write(writer);
            }

            await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
        }
    }

    /// <summary>Requests from the socket until the end marker or the close; malformed ones are answered with an error.</summary>
    private sealed class RequestReader(Connection connection, ILogger logger, DocArrayFlavour served) : IAsyncStreamReader<DataRequestProto>
    {
        public DataRequestProto Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            while (await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } message)
            {
                var data = message.Data.Span;
                if (!connection.Json && data.Length == 1 && data[0] == 0)
                {
                    return false;
                }

                DataRequestProto request;
                string? error;
                try
                {
                    if (TryParse(message.Type, message.Data, out request, out error))
                    {
                        Current = request;
                        return true;
                    }
                }
                catch (WireFormatException ex) when (ex.FlavourMismatch)
                {
                    // Documents of a flavour this gateway does not serve: the session ends with the reason (1007).
                    Log.BadMessage(logger, ex.Message);
                    await connection.CloseAsync(WebSocketCloseStatus.InvalidPayloadData, ShortReason(ex.Message), cancellationToken).ConfigureAwait(false);
                    return false;
                }

                if (error is null)
                {
                    return false;
                }

                Log.BadMessage(logger, error);
                await connection.SendAsync(ErrorResponse(error), cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        private bool TryParse(WebSocketMessageType type, ReadOnlyMemory<byte> data, out DataRequestProto request, out string? error)
        {
            request = null!;
            error = null;
            if (!connection.Json)
            {
                if (type != WebSocketMessageType.Binary)
                {
                    error = "The bytes subprotocol takes binary messages, one DataRequestProto each.";
                    return false;
                }

                try
                {
                    request = JinaWire.ParseDataRequest(data, served);
                    return true;
                }
                catch (WireFormatException ex) when (!ex.FlavourMismatch)
                {
                    error = $"The message is not a DataRequestProto: {ex.Message}";
                    return false;
                }
            }

            try
            {
                using var document = JsonText.Parse(data);
                if (document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any())
                {
                    return false; // {} ends the stream.
                }

                var errors = new List<(string[] Location, string Message)>();
                request = DataRequestJson.ReadRequest(document.RootElement, endpoint: null, errors, served);
                if (errors.Count > 0)
                {
                    error = string.Join("; ", errors.Select(e => $"{string.Join('.', e.Location)}: {e.Message}"));
                    return false;
                }

                return true;
            }
            catch (JsonException ex)
            {
                error = $"The message is not valid JSON: {ex.Message}";
                return false;
            }
        }

        private static DataRequestProto ErrorResponse(string error) => new()
        {
            Header = new HeaderProto
            {
                Status = ErrorStatus.Failure("BadRequest", error),
            },
        };
    }

    private sealed class ResponseWriter(Connection connection) : IResponseWriter
    {
        public async ValueTask WriteAsync(DataRequestProto message, bool flush, CancellationToken cancellationToken) =>
            await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(310, LogLevel.Warning, "A WebSocket stream ended with {StatusCode}: {Detail}")]
        public static partial void StreamFailed(ILogger logger, StatusCode statusCode, string detail);

        [LoggerMessage(311, LogLevel.Debug, "A WebSocket client went away: {Reason}")]
        public static partial void ClientGone(ILogger logger, string reason);

        [LoggerMessage(312, LogLevel.Information, "A WebSocket message was refused: {Reason}")]
        public static partial void BadMessage(ILogger logger, string reason);
    }
}
