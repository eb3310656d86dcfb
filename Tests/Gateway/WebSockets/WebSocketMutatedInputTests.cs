using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Google.Protobuf;
using JinaOrleans.Definitions;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Gateway.WebSockets;

/// <summary>
/// The WebSocket gateway under malformed messages, on both subprotocols: every message is answered (a response, or
/// an error response for one that is not a request) and the socket goes on. The only closes are the ones the protocol
/// defines: the end marker (normal closure), and a text frame that is not UTF-8, which RFC 6455 §8.1 makes the
/// WebSocket layer fail with 1007 (the same JSON in a binary frame gets the gateway's error response).
/// </summary>
public sealed class WebSocketMutatedInputTests : IAsyncLifetime
{
    private const string ValidJson = """
        {"data": [{"id": "d1", "text": "héllo € 😀", "tags": {"k": "v", "n": 1.5, "l": [1, "x", null, true]},
        "embedding": [[1, 2], [3, 4]], "blob": "AQID", "scores": {"s": {"value": 0.5}}, "chunks": [{"text": "c"}]}],
        "parameters": {"p": "q"}, "exec_endpoint": "/"}
        """;

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    // The errors bad input gets: not a request (BadRequest; InvalidArgument or Unknown once the gateway tells docarray
    // v2 apart), or a request the flow refuses (ValueError: a target_executor that is not a regular expression). Any
    // other name is an exception the gateway or the flow did not expect.
    private static readonly HashSet<string?> BadInputErrors = ["BadRequest", "InvalidArgument", "Unknown", "ValueError"];

    private Flow? _flow;

    private Uri Address => new($"ws://127.0.0.1:{_flow!.Port}/");

    public async Task InitializeAsync() =>
        _flow = await new Flow(new FlowDefinition
        {
            Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.WebSocket], Ports = [0] },
        })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<FooExecutor>().StartAsync();

    public async Task DisposeAsync()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task Json_that_is_not_utf8_in_a_binary_frame_gets_an_error_response_and_the_socket_goes_on()
    {
        await using var session = await Session.OpenAsync(Address, "json");
        byte[] body = [.. "{\"data\":[{\"text\":\""u8, 0xFF, 0xFE, .. "\"}]}"u8];

        var error = await session.ExchangeAsync(WebSocketMessageType.Binary, body);
        var answer = await session.ExchangeAsync(WebSocketMessageType.Text, """{"data": [{"text": "still"}]}"""u8.ToArray());

        var status = ErrorStatusOf(error);
        Assert.Equal("BadRequest", status.GetProperty("exception").GetProperty("name").GetString());
        Assert.Contains("not valid JSON", status.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("UTF-8", status.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("stillhello, world!", TextOf(answer));
    }

    [Fact]
    public async Task An_unpaired_surrogate_escape_gets_an_error_response_and_the_socket_goes_on()
    {
        await using var session = await Session.OpenAsync(Address, "json");

        var error = await session.ExchangeAsync(WebSocketMessageType.Text, """{"data": [{"text": "\ud800"}]}"""u8.ToArray());
        var answer = await session.ExchangeAsync(WebSocketMessageType.Text, """{"data": [{"text": "still"}]}"""u8.ToArray());

        Assert.Contains("not valid Unicode", ErrorStatusOf(error).GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("stillhello, world!", TextOf(answer));
    }

    [Fact]
    public async Task A_text_frame_that_is_not_utf8_is_failed_with_1007_and_the_gateway_goes_on()
    {
        await using var session = await Session.OpenAsync(Address, "json");
        byte[] body = [.. "{\"data\":[{\"text\":\""u8, 0xFF, .. "\"}]}"u8];

        var closed = await session.ExchangeAsync(WebSocketMessageType.Text, body);

        Assert.Null(closed.Data);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, closed.CloseStatus);
        await using var next = await Session.OpenAsync(Address, "json");
        Assert.Equal("againhello, world!", TextOf(await next.ExchangeAsync(WebSocketMessageType.Text, """{"data": [{"text": "again"}]}"""u8.ToArray())));
    }

    [Theory]
    [InlineData(WebSocketMessageType.Text, 7001)]
    [InlineData(WebSocketMessageType.Binary, 7002)]
    public async Task Mutated_json_messages_are_each_answered_and_the_gateway_goes_on(WebSocketMessageType type, int seed)
    {
        var mutator = new Mutator(seed);
        var valid = Encoding.UTF8.GetBytes(ValidJson);
        var session = await Session.OpenAsync(Address, "json");
        try
        {
            var errors = 0;
            for (var i = 0; i < 300; i++)
            {
                var message = i % 4 == 3 ? mutator.RandomBytes(maxLength: 128) : mutator.Mutate(valid);
                var shown = Convert.ToHexString(message);
                var notUtf8Text = type == WebSocketMessageType.Text && !Utf8.IsValid(message);
                var reply = await ExchangeAsync(session, type, message, mayReset: notUtf8Text);
                if (reply.Data is null)
                {
                    // Only the two closes the protocol defines; any other (1011, or no close handshake) is a failure.
                    // (The WebSocket layer fails a text message that is not UTF-8 itself: 1007, or if the client is
                    // slow to read it, the reset that follows.)
                    var expected = notUtf8Text ? WebSocketCloseStatus.InvalidPayloadData : WebSocketCloseStatus.NormalClosure;
                    Assert.True(reply.CloseStatus == expected || (notUtf8Text && reply.CloseStatus is null), $"{reply.CloseStatus} {reply.CloseDescription} after {shown}");
                    Assert.True(expected != WebSocketCloseStatus.NormalClosure || IsEndMarker(message), $"closed after {shown}");
                    await session.DisposeAsync();
                    session = await Session.OpenAsync(Address, "json");
                    continue;
                }

                using var answer = JsonDocument.Parse(reply.Data);
                var status = answer.RootElement.GetProperty("header").GetProperty("status");
                if (status.ValueKind == JsonValueKind.Object && status.GetProperty("code").GetInt32() == 1)
                {
                    Assert.True(BadInputErrors.Contains(status.GetProperty("exception").GetProperty("name").GetString()), $"{status} for {shown}");
                    errors++;
                }
                else
                {
                    Assert.True(Utf8.IsValid(message), $"a response to invalid UTF-8 {shown}");
                }
            }

            Assert.True(errors > 50, $"{errors} error responses");
            Assert.Equal("afterhello, world!", TextOf(await session.ExchangeAsync(WebSocketMessageType.Text, """{"data": [{"text": "after"}]}"""u8.ToArray())));
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task Mutated_protobuf_messages_on_bytes_are_each_answered_and_the_gateway_goes_on()
    {
        var mutator = new Mutator(seed: 7003);
        var request = Requests.Rich();
        var valid = request.ToByteArray();
        var session = await Session.OpenAsync(Address, "bytes");
        var errors = 0;
        var closes = 0;
        try
        {
            for (var i = 0; i < 300; i++)
            {
                var message = (i % 4) switch
                {
                    0 => mutator.Mutate(valid),
                    1 => mutator.Flip(valid),
                    2 => mutator.Twist(request).ToByteArray(),
                    _ => mutator.RandomBytes(maxLength: 128),
                };
                var reply = await ExchangeAsync(session, WebSocketMessageType.Binary, message);
                if (reply.Data is null)
                {
                    // The end marker closes normally; well-formed protobuf whose documents are neither docarray v1 nor
                    // v2 ends the session with 1007 and the reason (a flavour the gateway cannot serve).
                    Assert.True(
                        (reply.CloseStatus == WebSocketCloseStatus.NormalClosure && message is [0]) ||
                        (reply.CloseStatus == WebSocketCloseStatus.InvalidPayloadData && reply.CloseDescription?.Contains("docarray", StringComparison.Ordinal) == true),
                        $"{reply.CloseStatus} {reply.CloseDescription} after {Convert.ToHexString(message)}");
                    closes++;
                    await session.DisposeAsync();
                    session = await Session.OpenAsync(Address, "bytes");
                    continue;
                }

                // A response, or an error response for what is not well-formed protobuf: either way a DataRequestProto.
                var parsed = DataRequestProto.Parser.ParseFrom(reply.Data);
                if (parsed.Header?.Status is { Code: StatusProto.Types.StatusCode.Error } failed)
                {
                    Assert.True(BadInputErrors.Contains(failed.Exception?.Name), $"{failed.Description} for {Convert.ToHexString(message)}");
                    errors++;
                }
            }

            Assert.True(errors + closes > 50, $"{errors} error responses, {closes} closes");
            var after = Requests.Of("/", "after");
            var answer = DataRequestProto.Parser.ParseFrom((await session.ExchangeAsync(WebSocketMessageType.Binary, after.ToByteArray())).Data);
            Assert.Equal(after.Header.RequestId, answer.Header.RequestId);
            Assert.Equal("afterhello, world!", answer.Data.Docs.Docs[0].Text);
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    /// <summary>
    /// One exchange of a fuzzing loop: a socket dropped without a close handshake fails the test, naming the message,
    /// unless <paramref name="mayReset"/> (then a reply without data or close status).
    /// </summary>
    private static async Task<Reply> ExchangeAsync(Session session, WebSocketMessageType type, byte[] message, bool mayReset = false)
    {
        try
        {
            return await session.ExchangeAsync(type, message);
        }
        catch (WebSocketException ex) when (mayReset)
        {
            return new Reply(null, null, ex.Message);
        }
        catch (WebSocketException ex)
        {
            Assert.Fail($"{ex.Message} after {type} {Convert.ToHexString(message)}");
            throw;
        }
    }

    /// <summary>A json message the gateway takes for the end of the stream: an empty object.</summary>
    private static bool IsEndMarker(byte[] message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.ValueKind == JsonValueKind.Object && !document.RootElement.EnumerateObject().Any();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static JsonElement ErrorStatusOf(Reply reply)
    {
        Assert.NotNull(reply.Data);
        var status = JsonDocument.Parse(reply.Data).RootElement.GetProperty("header").GetProperty("status");
        Assert.Equal(1, status.GetProperty("code").GetInt32());
        return status;
    }

    private static string? TextOf(Reply reply)
    {
        Assert.NotNull(reply.Data);
        return JsonDocument.Parse(reply.Data).RootElement.GetProperty("data")[0].GetProperty("text").GetString();
    }

    /// <summary>One message back, or null data and the close status when the gateway closed the socket instead.</summary>
    private sealed record Reply(byte[]? Data, WebSocketCloseStatus? CloseStatus, string? CloseDescription);

    /// <summary>A client socket sending one message and waiting for the one answer, each within the call timeout.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket;

        private Session(ClientWebSocket socket)
        {
            _socket = socket;
        }

        public static async Task<Session> OpenAsync(Uri address, string subProtocol)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol(subProtocol);
            using var cts = new CancellationTokenSource(CallTimeout);
            try
            {
                await socket.ConnectAsync(address, cts.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            Assert.Equal(subProtocol, socket.SubProtocol);
            return new Session(socket);
        }

        /// <summary>
        /// Sends <paramref name="message"/> and waits for the answer. A socket dropped without a close handshake throws
        /// (a WebSocketException), as does an answer that does not come within the call timeout.
        /// </summary>
        public async Task<Reply> ExchangeAsync(WebSocketMessageType type, byte[] message)
        {
            using var cts = new CancellationTokenSource(CallTimeout);
            await _socket.SendAsync(message, type, endOfMessage: true, cts.Token);
            var buffer = new ArrayBufferWriter<byte>();
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new Reply(null, _socket.CloseStatus, _socket.CloseStatusDescription);
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    return new Reply(buffer.WrittenSpan.ToArray(), null, null);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var cts = new CancellationTokenSource(CallTimeout);
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cts.Token);
                }
            }
            catch (WebSocketException)
            {
                // The gateway went first.
            }
            finally
            {
                _socket.Dispose();
            }
        }
    }
}
