using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>The WebSocket gateway with python3-websockets as the peer, in bytes and json modes.</summary>
public sealed class PythonWebSocketTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private Flow? _flow;

    private string Target => $"127.0.0.1:{_flow!.Port}";

    public async Task InitializeAsync() =>
        _flow = await new Flow(new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", Protocols = [GatewayProtocol.WebSocket], Ports = [0] } })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<FooExecutor>(replicas: 2).Add<BarExecutor>().StartAsync();

    public async Task DisposeAsync()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync();
        }
    }

    [Fact]
    public async Task Bytes_mode_answers_every_request_by_id_and_closes_normally_after_the_end_marker()
    {
        var (code, lines, stderr) = await PythonPeer.RunAsync("jina_ws_client.py", [Target, "bytes", "5"], Timeout);

        Assert.True(code == 0, stderr);
        var last = lines[^1];
        Assert.Equal(1000, last.GetProperty("close_code").GetInt32());
        Assert.Equal(
            last.GetProperty("sent").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal),
            lines.SkipLast(1).Select(l => l.GetProperty("request_id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(lines.SkipLast(1), l => Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], l.GetProperty("texts").EnumerateArray().Select(t => t.GetString())));
    }

    [Fact]
    public async Task Json_mode_takes_json_requests_and_answers_with_the_documented_keys()
    {
        var (code, lines, stderr) = await PythonPeer.RunAsync("jina_ws_client.py", [Target, "json", "3"], Timeout);

        Assert.True(code == 0, stderr);
        Assert.Equal(1000, lines[^1].GetProperty("close_code").GetInt32());
        var responses = lines.SkipLast(1).ToArray();
        Assert.Equal(3, responses.Length);
        Assert.All(responses, r => Assert.Equal(["data", "header", "parameters", "routes"], r.GetProperty("keys").EnumerateArray().Select(k => k.GetString())));
        Assert.Equal(
            ["t0hello, world!goodbye!", "t1hello, world!goodbye!", "t2hello, world!goodbye!"],
            responses.Select(r => r.GetProperty("texts")[0].GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_binary_frame_that_is_not_a_request_fails_alone_and_the_socket_keeps_serving()
    {
        var (code, lines, stderr) = await PythonPeer.RunAsync("jina_ws_client.py", [Target, "garbage", "2"], Timeout);

        Assert.True(code == 0, stderr);
        var responses = lines.SkipLast(1).ToArray();
        Assert.Equal(3, responses.Length);
        Assert.Single(responses, r => r.GetProperty("status").GetInt32() == 1 && r.GetProperty("request_id").GetString() == string.Empty);
        Assert.Equal(2, responses.Count(r => r.GetProperty("status").GetInt32() == 0));
        Assert.Equal(1000, lines[^1].GetProperty("close_code").GetInt32());
    }

    [Fact]
    public async Task The_dry_run_socket_answers_one_status_and_closes()
    {
        var (code, lines, stderr) = await PythonPeer.RunAsync("jina_ws_client.py", [Target, "dry_run"], Timeout);

        Assert.True(code == 0, stderr);
        Assert.Equal(0, lines[0].GetProperty("code").GetInt32());
        Assert.Equal(1000, lines[^1].GetProperty("close_code").GetInt32());
    }
}
