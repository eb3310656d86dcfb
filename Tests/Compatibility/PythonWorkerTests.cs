using System.Text.Json;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>
/// Jina's worker protocol in both directions with real grpcio peers: a Python executor used as an
/// <c>external</c> executor of a flow, and a Python caller using a silo's executors the way a Jina gateway would.
/// </summary>
public sealed class PythonWorkerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_python_jina_executor_runs_as_an_external_executor(bool cluster)
    {
        await using var worker = await PythonPeer.StartAsync("jina_grpc_worker.py", ["[py]", "120"]);
        var portLine = await worker.WaitForLineAsync(l => l.StartsWith("{\"port\"", StringComparison.Ordinal), Timeout, "the Python worker's port");
        var port = JsonDocument.Parse(portLine).RootElement.GetProperty("port").GetInt32();
        var flow = FlowFiles.Write($"""
            jtype: Flow
            executors:
              - uses: FooExecutor
              - name: python
                external: true
                host: 127.0.0.1
                port: {port}
              - uses: BarExecutor
            """);
        TestSilo? silo = null;
        try
        {
            var context = redis.NewCluster();
            silo = cluster ? await TestSilo.StartAsync(context, flow) : null;
            await using var gateway = cluster ? await TestGateway.StartClusterAsync(context, flow) : await TestGateway.StartEmbeddedAsync(flow);
            using var client = gateway.CreateClient();

            var response = await client.PostStreamAsync("/", DocumentArray.Empty(2)).SingleAsync();

            Assert.Equal(["hello, world![py]goodbye!", "hello, world![py]goodbye!"], response.Docs.Texts);
            Assert.Equal(["gateway", "executor0", "python", "executor2"], response.Routes.Select(r => r.Executor));
        }
        finally
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }

        worker.Signal();
        var calls = await worker.WaitForLineAsync(l => l.StartsWith("{\"calls\"", StringComparison.Ordinal), Timeout, "the worker's call count");
        Assert.Equal(1, JsonDocument.Parse(calls).RootElement.GetProperty("calls").GetInt32());
    }

    [Theory]
    [InlineData("Gzip", false, "gzip")]
    [InlineData("Deflate", true, "deflate")]
    [InlineData("NoCompression", false, "identity")]
    public async Task Calls_to_a_python_executor_are_compressed_as_its_compression_says(string compression, bool inWith, string expected)
    {
        await using var worker = await PythonPeer.StartAsync("jina_grpc_worker.py", ["[py]", "120", "--report-encoding"]);
        var portLine = await worker.WaitForLineAsync(l => l.StartsWith("{\"port\"", StringComparison.Ordinal), Timeout, "the Python worker's port");
        var port = JsonDocument.Parse(portLine).RootElement.GetProperty("port").GetInt32();
        await using (var flow = await EmbeddedFlowHost.StartAsync($"""
            jtype: Flow
            with:
              compression: {(inWith ? compression : "NoCompression")}
            executors:
              - name: python
                external: true
                host: 127.0.0.1
                port: {port}
                {(inWith ? string.Empty : $"compression: {compression}")}
            """))
        {
            using var client = flow.CreateClient();

            var docs = await client.PostAsync("/", TestFlows.Texts(new string('x', 2000)));

            Assert.Equal([new string('x', 2000) + "[py]"], docs.Texts);
        }

        worker.Signal();
        await worker.WaitForLineAsync(l => l.StartsWith("{\"calls\"", StringComparison.Ordinal), Timeout, "the worker's call count");
        var messages = worker.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("encoding", out _))
            .ToArray();

        // The data request is the one message with content; endpoint discovery sends an empty one, compressed or not
        // as the data request is (an empty message names no algorithm).
        var request = Assert.Single(messages, m => m.GetProperty("bytes").GetInt32() > 2000);
        Assert.Equal(expected, request.GetProperty("encoding").GetString());
        Assert.All(messages, m => Assert.Equal(expected == "identity", m.GetProperty("encoding").GetString() == "identity"));
    }

    [Fact]
    public async Task The_worker_port_refuses_a_message_over_its_executors_max_receive_message_length()
    {
        await using var silo = await TestSilo.StartAsync(redis.NewCluster(), FlowFiles.Write("""
            jtype: Flow
            executors:
              - uses: FooExecutor
                grpc_server_options:
                  grpc.max_receive_message_length: 4096
            """));

        var large = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_large", "8000"], Timeout);
        var small = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_large", "100"], Timeout);

        Assert.Equal(3, large.ExitCode);
        Assert.Equal("RESOURCE_EXHAUSTED", large.Lines[0].GetProperty("error").GetString());
        Assert.True(small.ExitCode == 0, small.Stderr);
        Assert.Equal([new string('x', 100) + "hello, world!"], small.Lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_python_caller_uses_a_silo_as_a_jina_worker()
    {
        await using var silo = await TestSilo.StartAsync(redis.NewCluster(), FlowFiles.Write(FlowFiles.Seed));

        var byTarget = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_target", "executor1"], Timeout);
        var byMetadata = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_metadata", "executor0"], Timeout);
        var ambiguous = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single"], Timeout);
        var reflection = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "reflection"], Timeout);
        var health = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "health"], Timeout);
        var discovery = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "discovery"], Timeout);
        var discoveryDeflate = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "discovery", "--compression", "deflate"], Timeout);
        var discoveryGzip = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "discovery", "--compression", "gzip"], Timeout);

        Assert.True(byTarget.ExitCode == 0, byTarget.Stderr);
        Assert.Equal(["goodbye!", "goodbye!"], byTarget.Lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["hello, world!", "hello, world!"], byMetadata.Lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(3, ambiguous.ExitCode);
        Assert.Equal("INVALID_ARGUMENT", ambiguous.Lines[0].GetProperty("error").GetString());
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection", "jina.JinaDataRequestRPC", "jina.JinaDiscoverEndpointsRPC", "jina.JinaInfoRPC", "jina.JinaSingleDataRequestRPC", "jina.JinaSingleDocumentRequestRPC"],
            reflection.Lines[0].GetProperty("services").EnumerateArray().Select(s => s.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(1, health.Lines[0].GetProperty("status").GetInt32());

        foreach (var compression in new[] { "gzip", "deflate" })
        {
            var every = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "every_worker", "--compression", compression, "--timeout", "20"], Timeout);
            Assert.True(every.ExitCode == 0, every.Stderr);

            // The seed silo hosts two executors: a call naming none is refused, the rest answer.
            Assert.Equal("INVALID_ARGUMENT", every.Lines[0].GetProperty("process_single_data").GetString());
            Assert.Equal("INVALID_ARGUMENT", every.Lines[0].GetProperty("process_data").GetString());
            PythonGrpcClientTests.AssertAllOk(every.Lines[0], "endpoint_discovery", "_status", "health");
        }

        // No executor named: the union of the hosted executors' endpoints, as a Jina gateway asks at start-up.
        foreach (var answer in new[] { discovery, discoveryDeflate, discoveryGzip })
        {
            Assert.True(answer.ExitCode == 0, answer.Stderr + string.Join(" ", answer.Lines));
            Assert.Contains("/default", answer.Lines[0].GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task An_executor_error_on_the_worker_port_comes_back_in_the_status_with_the_is_error_trailer()
    {
        await using var silo = await TestSilo.StartAsync(redis.NewCluster(), FlowFiles.Write("""
            jtype: Flow
            executors:
              - name: slow
                uses: SlowExecutor
            """));

        // SlowExecutor rejects a negative delay_ms.
        var result = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_params", "{\"delay_ms\": -5}"], Timeout);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(1, result.Lines[0].GetProperty("status").GetInt32());
        Assert.Equal("true", result.Lines[0].GetProperty("trailers").GetProperty("is-error").GetString());

        // The caller's deadline reaches the executor; the worker keeps serving, deflate-compressed too.
        var late = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_params", "{\"delay_ms\": 20000}", "--timeout", "1"], Timeout);
        var after = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "single_params", "{}", "--compression", "deflate", "--timeout", "10"], Timeout);

        Assert.Equal(3, late.ExitCode);
        Assert.Equal("DEADLINE_EXCEEDED", late.Lines[0].GetProperty("error").GetString());
        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Equal(0, after.Lines[0].GetProperty("status").GetInt32());
    }
}
