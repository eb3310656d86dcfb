using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Http;

/// <summary>
/// The HTTP gateway under malformed bodies on <c>POST /post</c>: bad JSON (invalid UTF-8 included) gets 422
/// <c>json_invalid</c>, nothing gets a 5xx, and the keep-alive connection goes on serving.
/// </summary>
public sealed class HttpMutatedInputTests : IAsyncLifetime
{
    private const string ValidBody = """
        {"data": [{"id": "d1", "text": "héllo € 😀", "tags": {"k": "v", "n": 1.5, "l": [1, "x", null, true], "o": {"deep": "\u00e9"}},
        "embedding": [[1, 2], [3, 4]], "tensor": [0.5, 1e3], "blob": "AQID", "scores": {"s": {"value": 0.5, "op_name": "cos"}},
        "chunks": [{"text": "c", "matches": [{"id": "m"}]}], "location": [1, 2], "granularity": 1, "weight": 0.5, "mime_type": "text/plain"}],
        "parameters": {"p": "q", "deep": {"a": [1, {"b": 2}]}}, "execEndpoint": "/"}
        """;

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private Flow? _flow;
    private HttpClient? _http;
    private int _connections;

    private HttpClient Http => _http!;

    public async Task InitializeAsync()
    {
        _flow = await new Flow(new FlowDefinition
        {
            Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.Http], Ports = [0] },
        })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<FooExecutor>().StartAsync();

        // One connection at most, counted: every request below goes over the same keep-alive connection unless the
        // gateway drops it.
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref _connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{_flow.Port}"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_flow is not null)
        {
            await _flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task Invalid_utf8_in_a_string_gets_422_json_invalid_and_the_connection_is_kept()
    {
        byte[] body = [.. "{\"data\":[{\"text\":\""u8, 0xFF, 0xFE, .. "\"}]}"u8];

        var (status, json) = await PostAsync(body);

        Assert.Equal(422, status);
        var detail = JsonDocument.Parse(json).RootElement.GetProperty("detail")[0];
        Assert.Equal("json_invalid", detail.GetProperty("type").GetString());
        Assert.Equal(["body", "18"], detail.GetProperty("loc").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("UTF-8", detail.GetProperty("msg").GetString(), StringComparison.Ordinal);
        await AssertAnswersAsync("still");
        Assert.Equal(1, _connections);
    }

    [Fact]
    public async Task An_unpaired_surrogate_escape_gets_422_json_invalid_and_the_connection_is_kept()
    {
        var (status, json) = await PostAsync("""{"data": [{"text": "\ud800"}]}"""u8.ToArray());

        Assert.Equal(422, status);
        var detail = JsonDocument.Parse(json).RootElement.GetProperty("detail")[0];
        Assert.Equal("json_invalid", detail.GetProperty("type").GetString());
        Assert.Contains("not valid Unicode", detail.GetProperty("msg").GetString(), StringComparison.Ordinal);
        await AssertAnswersAsync("still");
        Assert.Equal(1, _connections);
    }

    [Fact]
    public async Task A_large_body_is_checked_across_the_buffers_it_arrives_in()
    {
        // Multi-byte characters across every buffer boundary: valid text must not be refused, and a bad byte deep in
        // the body is found where it is.
        var text = string.Concat(Enumerable.Repeat("é€😀", 30_000));
        byte[] prefix = [.. "{\"data\":[{\"text\":\""u8, .. Encoding.UTF8.GetBytes(text)];
        byte[] valid = [.. prefix, .. "\"}]}"u8];
        byte[] invalid = [.. prefix, 0xF0, 0x9F, .. "\"}]}"u8];

        var (validStatus, validJson) = await PostAsync(valid);
        var (invalidStatus, invalidJson) = await PostAsync(invalid);

        Assert.Equal(200, validStatus);
        Assert.Equal(text + "hello, world!", JsonDocument.Parse(validJson).RootElement.GetProperty("data")[0].GetProperty("text").GetString());
        Assert.Equal(422, invalidStatus);
        var detail = JsonDocument.Parse(invalidJson).RootElement.GetProperty("detail")[0];
        Assert.Equal("json_invalid", detail.GetProperty("type").GetString());
        Assert.Equal(["body", prefix.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)], detail.GetProperty("loc").EnumerateArray().Select(l => l.GetString()));
        await AssertAnswersAsync("still");
        Assert.Equal(1, _connections);
    }

    [Fact]
    public async Task Mutated_bodies_never_get_a_5xx_and_the_connection_is_kept()
    {
        var mutator = new Mutator(seed: 1337);
        var valid = Encoding.UTF8.GetBytes(ValidBody);
        var (validStatus, _) = await PostAsync(valid);
        Assert.Equal(200, validStatus);

        var answered = new Dictionary<int, int>();
        for (var i = 0; i < 400; i++)
        {
            var body = mutator.Mutate(valid);
            var (status, json) = await PostAsync(body);
            AssertWellFormed(body, status, json);
            answered[status] = answered.GetValueOrDefault(status) + 1;
        }

        // The mutations reach both the parser's errors and the validation of a parsed body.
        Assert.True(answered.GetValueOrDefault(422) > 100, string.Join(", ", answered));
        await AssertAnswersAsync("after");
        Assert.Equal(1, _connections);
    }

    [Fact]
    public async Task Random_bytes_never_get_a_5xx_and_the_connection_is_kept()
    {
        var mutator = new Mutator(seed: 4242);
        for (var i = 0; i < 300; i++)
        {
            var body = mutator.RandomBytes(maxLength: 256);
            var (status, json) = await PostAsync(body);
            AssertWellFormed(body, status, json);
        }

        await AssertAnswersAsync("after");
        Assert.Equal(1, _connections);
    }

    /// <summary>Any answer but a server error, as JSON; bad JSON (invalid UTF-8 always) is 422 json_invalid.</summary>
    private static void AssertWellFormed(byte[] body, int status, string json)
    {
        var shown = Convert.ToHexString(body);
        Assert.True(status is 200 or 422, $"HTTP {status} for {shown}: {json}");
        using var answer = JsonDocument.Parse(json);
        if (status == 422)
        {
            var type = answer.RootElement.GetProperty("detail")[0].GetProperty("type").GetString();
            Assert.True(type is "json_invalid" or "value_error", $"{type} for {shown}");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            Assert.True(status == 422, $"HTTP {status} for invalid UTF-8 {shown}");
            Assert.Equal("json_invalid", answer.RootElement.GetProperty("detail")[0].GetProperty("type").GetString());
        }
    }

    private async Task<(int Status, string Body)> PostAsync(byte[] body)
    {
        using var cts = new CancellationTokenSource(CallTimeout);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync(new Uri("/post", UriKind.Relative), content, cts.Token);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cts.Token));
    }

    private async Task AssertAnswersAsync(string text)
    {
        var (status, json) = await PostAsync(Encoding.UTF8.GetBytes($$"""{"data": [{"text": "{{text}}"}]}"""));

        Assert.Equal(200, status);
        Assert.Equal(text + "hello, world!", JsonDocument.Parse(json).RootElement.GetProperty("data")[0].GetProperty("text").GetString());
    }
}
