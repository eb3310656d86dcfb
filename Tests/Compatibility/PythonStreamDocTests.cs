using System.Text.Json;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>
/// <c>stream_doc</c> with a real peer: Debian's python3-grpcio calling <c>/jina.JinaSingleDocumentRequestRPC/stream_doc</c>
/// on a gateway (generator, then post-processor) and on a silo's worker port (the generator alone), as Jina's client
/// and Jina's gateway call it.
/// </summary>
public sealed class PythonStreamDocTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Pipeline = """
        jtype: Flow
        executors:
          - name: generator
            uses: TokenGenerator
          - name: post
            uses: TokenPostProcessor
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Items_reach_a_grpcio_client_as_they_are_produced()
    {
        await using var gateway = await TestGateway.StartEmbeddedAsync(FlowFiles.Write(Pipeline));

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync(
            "jina_stream_doc_client.py", [$"127.0.0.1:{gateway.Port}", "/stream", "a b c d e", "--params", """{"delay_ms": 300}"""], Timeout);

        Assert.True(exitCode == 0, stderr);
        var items = lines.SkipLast(1).ToArray();
        Assert.Equal(["A", "B", "C", "D", "E"], items.Select(i => i.GetProperty("text").GetString()));
        Assert.All(items, i => Assert.Equal(0, i.GetProperty("status").GetInt32()));
        Assert.All(items, i => Assert.Equal(lines[^1].GetProperty("sent").GetString(), i.GetProperty("request_id").GetString()));
        Assert.All(items, i => Assert.Equal(["gateway", "generator", "post"], i.GetProperty("routes").EnumerateArray().Select(r => r.GetString())));

        // Five tokens 300 ms apart: the first arrives about 1.2 s before the last, not with it.
        var first = items[0].GetProperty("t").GetDouble();
        var last = items[^1].GetProperty("t").GetDouble();
        Assert.True(last - first >= 0.9, $"first item at {first:0.000} s, last at {last:0.000} s");
    }

    [Fact]
    public async Task An_executor_error_is_the_last_item_after_the_ones_produced_and_a_cancel_stops_the_generator()
    {
        await using var gateway = await TestGateway.StartEmbeddedAsync(FlowFiles.Write(Pipeline));
        var marker = MarkerFile.NewPath();
        try
        {
            var failed = await PythonPeer.RunAsync(
                "jina_stream_doc_client.py", [$"127.0.0.1:{gateway.Port}", "/stream", "a b c d e", "--params", """{"fail_after": 2}"""], Timeout);
            var cancelled = await PythonPeer.RunAsync(
                "jina_stream_doc_client.py",
                [$"127.0.0.1:{gateway.Port}", "/stream", string.Join(' ', Enumerable.Range(0, 100)), "--params", JsonSerializer.Serialize(new Dictionary<string, object> { ["delay_ms"] = 100, ["marker"] = marker }), "--cancel-after", "1"],
                Timeout);

            Assert.True(failed.ExitCode == 0, failed.Stderr);
            var items = failed.Lines.SkipLast(1).ToArray();
            Assert.Equal(["A", "B", ""], items.Select(i => i.GetProperty("text").GetString()));
            Assert.Equal([0, 0, 1], items.Select(i => i.GetProperty("status").GetInt32()));
            Assert.Equal("InvalidOperationException", items[^1].GetProperty("exception").GetString());

            Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
            Assert.Equal(1, cancelled.Lines[^1].GetProperty("cancelled").GetInt32());
            Assert.Equal("cancelled", await MarkerFile.WaitAsync(marker, TimeSpan.FromSeconds(5)));
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task A_silo_worker_port_streams_its_executor_as_a_jina_executor_does()
    {
        await using var silo = await TestSilo.StartAsync(redis.NewCluster(), FlowFiles.Write(Pipeline));

        var streamed = await PythonPeer.RunAsync(
            "jina_stream_doc_client.py", [silo.Address, "/stream", "x y z", "--metadata", "executor=generator"], Timeout);
        var failed = await PythonPeer.RunAsync(
            "jina_stream_doc_client.py", [silo.Address, "/stream", "x y z", "--metadata", "executor=generator", "--params", """{"fail_after": 1}"""], Timeout);
        var unknown = await PythonPeer.RunAsync(
            "jina_stream_doc_client.py", [silo.Address, "/stream", "x", "--metadata", "executor=nobody"], Timeout);

        Assert.True(streamed.ExitCode == 0, streamed.Stderr);
        Assert.Equal(["x", "y", "z"], streamed.Lines.SkipLast(1).Select(i => i.GetProperty("text").GetString()));
        Assert.False(streamed.Lines[^1].GetProperty("trailers").TryGetProperty("is-error", out _));
        Assert.True(failed.ExitCode == 0, failed.Stderr);
        Assert.Equal([0, 1], failed.Lines.SkipLast(1).Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal("true", failed.Lines[^1].GetProperty("trailers").GetProperty("is-error").GetString());
        Assert.Equal(3, unknown.ExitCode);
        Assert.Equal("NOT_FOUND", unknown.Lines[0].GetProperty("error").GetString());
    }
}
