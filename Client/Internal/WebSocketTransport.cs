using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Google.Protobuf;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Wire;
using Grpc.Core;

namespace JinaOrleans.Client.Internal;

/// <summary>
/// WebSocket, as the Jina client uses it (JINA_PROTOCOL.md §6): subprotocol <c>bytes</c>, one DataRequestProto per
/// binary message, the <c>0x00</c> end marker, responses matched by request_id, and the server's close ends the
/// post. A close with 1011 becomes an UNAVAILABLE <see cref="RpcException"/> carrying the close reason.
/// </summary>
internal sealed class WebSocketTransport(Uri baseUri, HttpMessageHandler handler, HttpTransport http) : IClientTransport
{
    public async IAsyncEnumerable<DataRequestProto> SendAsync(IEnumerable<DataRequestProto> requests, PostOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        using var socket = await ConnectAsync("/", timeout.Token).ConfigureAwait(false);
        var prefetch = options.Prefetch is > 0 ? options.Prefetch.Value : 1000;
        using var window = new SemaphoreSlim(prefetch, prefetch);
        var order = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sender = SendAllAsync(socket, requests, window, order.Writer, timeout.Token);
        var pending = options.ResultsInOrder ? new Dictionary<string, DataRequestProto>(StringComparer.Ordinal) : null;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            if (!await ReceiveAsync(socket, buffer, timeout.Token).ConfigureAwait(false))
            {
                break;
            }

            var response = JinaWire.ParseDataRequest(buffer.WrittenMemory, options.DocArray);
            window.Release();
            if (pending is null)
            {
                yield return response;
                continue;
            }

            pending[response.Header?.RequestId ?? string.Empty] = response;
            while (order.Reader.TryPeek(out var next) && pending.Remove(next, out var ready))
            {
                order.Reader.TryRead(out _);
                yield return ready;
            }
        }

        await sender.ConfigureAwait(false);
        if (pending is { Count: > 0 })
        {
            foreach (var left in pending.Values)
            {
                yield return left;
            }
        }

        if (socket.CloseStatus is { } status and not WebSocketCloseStatus.NormalClosure)
        {
            throw new RpcException(new Status(
                status == WebSocketCloseStatus.InternalServerError ? StatusCode.Unavailable : StatusCode.Internal,
                $"The gateway closed the WebSocket with {(int)status}: {socket.CloseStatusDescription}"));
        }
    }

    public async Task<StatusProto> DryRunAsync(CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync("/dry_run", cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>();
        return await ReceiveAsync(socket, buffer, cancellationToken).ConfigureAwait(false)
            ? StatusProto.Parser.ParseFrom(buffer.WrittenSpan)
            : throw new RpcException(new Status(StatusCode.Unavailable, "The gateway closed the dry-run socket without a status."));
    }

    // The WebSocket port also answers plain GET /status.
    public Task<JinaInfoProto> GetStatusAsync(CancellationToken cancellationToken) => http.GetStatusAsync(cancellationToken);

    public void Dispose() => http.Dispose();

    private async Task<ClientWebSocket> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("bytes");
        try
        {
            using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
            await socket.ConnectAsync(new Uri(baseUri, path), invoker, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            socket.Dispose();
            throw new RpcException(new Status(StatusCode.Unavailable, $"Error connecting to {baseUri}: {ex.Message}", ex));
        }
    }

    private static async Task SendAllAsync(ClientWebSocket socket, IEnumerable<DataRequestProto> requests, SemaphoreSlim window, ChannelWriter<string> order, CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var request in requests)
        {
            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
            order.TryWrite(request.Header?.RequestId ?? string.Empty);
            await socket.SendAsync(JinaWire.ToByteArray(request), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        order.TryComplete();
        await socket.SendAsync(new byte[] { 0 }, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one whole message into <paramref name="buffer"/> (emptied first); false when the gateway closed.</summary>
    private static async Task<bool> ReceiveAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException ex)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, $"The WebSocket connection failed: {ex.Message}", ex));
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken).ConfigureAwait(false);
                }

                return false;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return true;
            }
        }
    }
}
