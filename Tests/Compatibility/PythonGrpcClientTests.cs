using System.Text.Json;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>
/// A real peer: Debian's python3-grpcio, with messages generated from our protos by Debian's protoc, sending
/// Jina-shaped requests to the Hello sample running in <c>--serve</c> mode as its own process.
/// </summary>
public sealed class PythonGrpcClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private HelloServer? _server;

    private HelloServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _server = await HelloServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Call_stream_returns_the_seed_texts_for_every_request()
    {
        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "call", "3"], Timeout);

        Assert.True(exitCode == 0, stderr);
        var responses = lines.SkipLast(1).ToArray();
        var sent = lines[^1].GetProperty("sent").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(3, responses.Length);
        Assert.Equal(sent, responses.Select(r => r.GetProperty("request_id").GetString()));
        Assert.All(responses, AssertSeedResponse);
    }

    [Fact]
    public async Task Process_single_data_returns_the_seed_texts()
    {
        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "single"], Timeout);

        Assert.True(exitCode == 0, stderr);
        AssertSeedResponse(lines[0]);
        Assert.Equal(lines[1].GetProperty("sent")[0].GetString(), lines[0].GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Gzip_compressed_call_is_accepted()
    {
        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "call_gzip", "2"], Timeout);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(2, lines.Count - 1);
        Assert.All(lines.SkipLast(1), AssertSeedResponse);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Compressed_calls_and_unary_requests_are_accepted(string compression)
    {
        var call = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "call", "2", "--compression", compression], Timeout);
        var single = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "single", "--compression", compression], Timeout);

        Assert.True(call.ExitCode == 0, call.Stderr);
        Assert.Equal(2, call.Lines.Count - 1);
        Assert.All(call.Lines.SkipLast(1), AssertSeedResponse);
        Assert.True(single.ExitCode == 0, single.Stderr);
        AssertSeedResponse(single.Lines[0]);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Every_gateway_rpc_answers_a_compressed_call_with_a_deadline(string compression)
    {
        var result = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "every_gateway", "--compression", compression, "--timeout", "20"], Timeout);

        Assert.True(result.ExitCode == 0, result.Stderr);
        AssertAllOk(result.Lines[0], "Call", "process_single_data", "endpoint_discovery", "_status", "dry_run", "health");
    }

    [Fact]
    public async Task Dry_run_health_and_status_answer_like_a_jina_gateway()
    {
        var dryRun = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "dry_run"], Timeout);
        var health = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "health"], Timeout);
        var status = await PythonPeer.RunAsync("jina_grpc_client.py", [Server.Target, "status"], Timeout);

        Assert.Equal(0, dryRun.Lines[0].GetProperty("code").GetInt32());
        Assert.Equal(1, health.Lines[0].GetProperty("status").GetInt32()); // SERVING
        var jina = status.Lines[0].GetProperty("jina");
        foreach (var key in new[] { "jina", "docarray", "jina-proto", "protobuf", "python", "platform", "session-id", "uptime" })
        {
            Assert.True(jina.TryGetProperty(key, out _), $"_status lacks '{key}'");
        }
    }

    internal static void AssertAllOk(JsonElement results, params string[] rpcs)
    {
        foreach (var rpc in rpcs)
        {
            Assert.True(results.TryGetProperty(rpc, out var outcome), $"{rpc} was not called: {results}");
            Assert.True(outcome.GetString() == "OK", $"{rpc}: {outcome.GetString()}");
        }
    }

    private static void AssertSeedResponse(JsonElement response)
    {
        Assert.Equal(0, response.GetProperty("status").GetInt32());
        Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], response.GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["gateway", "executor0", "executor1"], response.GetProperty("routes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("/", response.GetProperty("exec_endpoint").GetString());
    }
}
