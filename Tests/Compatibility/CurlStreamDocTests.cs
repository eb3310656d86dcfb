using System.Text.Json;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Flows;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>
/// curl reading a generator endpoint's Server-Sent Events from the HTTP gateway, as Jina serves them (JINA_PROTOCOL.md
/// §5.5): POST with the document as the body or GET with its fields as query parameters; <c>event: update</c> per
/// token with the document as JSON, then <c>event: end</c>, CRLF line ends (Jina's client depends on them); an
/// executor error as <c>event: error</c>.
/// </summary>
public sealed class CurlStreamDocTests : IAsyncLifetime
{
    private Flow? _flow;

    public async Task InitializeAsync() =>
        _flow = await new Flow(new FlowDefinition
        {
            Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.Http], Ports = [0] },
        })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<TokenGenerator>(name: "generator").Add<TokenPostProcessor>(name: "post").StartAsync();

    public async Task DisposeAsync()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_post_streams_one_update_event_per_token_then_end_with_crlf_line_ends()
    {
        var (exitCode, stdout, stderr) = await Curl.RunAsync(["-sSN", "-X", "POST", Url("/stream"), "-H", "Content-Type: application/json", "-H", "Accept: text/event-stream", "-d", """{"text": "curl reads tokens"}""", "-D", "-"]);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("content-type: text/event-stream", stdout, StringComparison.OrdinalIgnoreCase);
        var events = Events(stdout);
        Assert.Equal(["update", "update", "update", "end"], events.Select(e => e.Name));
        Assert.Equal(["CURL", "READS", "TOKENS"], events.SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()));
        Assert.Contains("event: update\r\ndata: {", stdout, StringComparison.Ordinal);
        Assert.EndsWith("event: end\r\n\r\n", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_get_takes_the_documents_fields_from_the_query_and_an_error_is_the_last_event()
    {
        var (exitCode, stdout, stderr) = await Curl.RunAsync(["-sSN", Url("/stream?text=get%20me%20tokens")]);
        var failed = await Curl.RunAsync(["-sSN", "-X", "POST", Url("/stream"), "-H", "Content-Type: application/json", "-d", """{"data": {"text": "a b c"}, "parameters": {"fail_after": 1}}"""]);
        var bad = await Curl.RunAsync(["-sS", "-w", "\n%{http_code}", "-X", "POST", Url("/stream"), "-H", "Content-Type: application/json", "-d", "{not json"]);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["GET", "ME", "TOKENS"], Events(stdout).SkipLast(1).Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("text").GetString()));
        var events = Events(failed.Stdout);
        Assert.True(events.Count == 2, failed.Stdout + failed.Stderr);
        Assert.Equal(["update", "error"], events.Select(e => e.Name));
        Assert.Contains("generation failed after 1 tokens", JsonDocument.Parse(events[1].Data).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("\n422", bad.Stdout, StringComparison.Ordinal);

        // The gateway goes on serving.
        var again = await Curl.RunAsync(["-sSN", Url("/stream?text=still")]);
        Assert.Equal(["update", "end"], Events(again.Stdout).Select(e => e.Name));
    }

    private string Url(string path) => $"http://127.0.0.1:{_flow!.Port}{path}";

    private static List<(string Name, string Data)> Events(string stream)
    {
        var body = stream[(stream.IndexOf("event: ", StringComparison.Ordinal) is var start and >= 0 ? start : 0)..];
        return body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(block => block.StartsWith("event: ", StringComparison.Ordinal))
            .Select(block =>
            {
                var lines = block.Split("\r\n");
                var data = lines.FirstOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal));
                return (lines[0]["event: ".Length..], data is null ? string.Empty : data["data: ".Length..]);
            })
            .ToList();
    }
}
