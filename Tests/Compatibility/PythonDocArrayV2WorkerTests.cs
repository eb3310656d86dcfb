using System.Text.Json;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>
/// Flavours meeting at the worker protocol: a Python docarray v2 executor (grpcio, v2 protos) as an external
/// executor of a v1 flow (<c>docarray: v2</c> converts for it and back), and a v2 client on a silo's worker port.
/// </summary>
public sealed class PythonDocArrayV2WorkerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_v2_python_executor_in_a_v1_flow_gets_v2_documents_and_the_client_gets_v1_back(bool cluster)
    {
        await using var worker = await PythonPeer.StartV2Async("jina_v2_worker.py", ["[py2]", "120"]);
        var port = await PortOfAsync(worker);
        var flow = FlowFiles.Write($"""
            jtype: Flow
            executors:
              - uses: FooExecutor
              - name: python
                external: true
                host: 127.0.0.1
                port: {port}
                docarray: v2
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

            Assert.Equal(0, (int)(response.Proto.Header.Status?.Code ?? 0));
            Assert.Equal(DocArrayFlavour.V1, response.Docs.Flavour);
            Assert.Equal(["hello, world![py2]goodbye!", "hello, world![py2]goodbye!"], response.Docs.Texts);
        }
        finally
        {
            if (silo is not null)
            {
                await silo.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Without_docarray_v2_the_v2_executor_gets_v1_bytes_and_the_call_fails_naming_it()
    {
        await using var worker = await PythonPeer.StartV2Async("jina_v2_worker.py", ["[py2]", "120"]);
        var port = await PortOfAsync(worker);
        var flow = FlowFiles.Write($"""
            jtype: Flow
            executors:
              - name: python
                external: true
                host: 127.0.0.1
                port: {port}
            """);
        await using var gateway = await TestGateway.StartEmbeddedAsync(flow);
        using var client = gateway.CreateClient();

        // Python's protobuf refuses the v1 document as a DocProto (the id's bytes are no map entry); without the
        // conversion the mix cannot work, and the failure names the executor, never a silently wrong answer.
        var failure = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await client.PostStreamAsync("/", new DocumentArray([new Document("hi")])).SingleAsync());

        Assert.Contains("External executor 'python'", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_v2_client_on_a_silos_worker_port_gets_the_executors_answer_in_v2()
    {
        var context = redis.NewCluster();
        var flow = FlowFiles.Write("""
            jtype: Flow
            executors:
              - uses: FooExecutor
            """);
        await using var silo = await TestSilo.StartAsync(context, flow);

        var (exitCode, lines, stderr) = await PythonPeer.RunV2Async("jina_v2_client.py", [silo.Address, "worker", "executor0"], Timeout);

        Assert.True(exitCode == 0, stderr + string.Join('\n', lines));
        Assert.Equal(["hello, world!", "hello, world!"], lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.All(lines[0].GetProperty("fields").EnumerateArray(), f => Assert.Equal(["bytes_", "embedding", "id", "text", "url"], f.EnumerateArray().Select(x => x.GetString())));
    }

    [Fact]
    public async Task A_jina_gateway_discovering_a_silo_gets_each_endpoints_json_schema_as_from_a_v2_executor()
    {
        var context = redis.NewCluster();
        var flow = FlowFiles.Write("""
            jtype: Flow
            executors:
              - uses: QueryEmbedder
            """);
        await using var silo = await TestSilo.StartAsync(context, flow);

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "discovery"], Timeout);

        Assert.True(exitCode == 0, stderr);
        var embed = lines[0].GetProperty("schemas").GetProperty("/embed");
        Assert.Equal("Query", embed.GetProperty("input").GetProperty("name").GetString());
        Assert.Equal("Query", embed.GetProperty("output").GetProperty("name").GetString());
        var properties = embed.GetProperty("input").GetProperty("model").GetProperty("properties");
        Assert.Equal(["embedding", "id", "text", "tokens", "words"], properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("integer", properties.GetProperty("words").GetProperty("type").GetString());
        Assert.False(embed.GetProperty("is_generator").GetBoolean());
    }

    private static async Task<int> PortOfAsync(ChildProcess worker)
    {
        var line = await worker.WaitForLineAsync(l => l.StartsWith("{\"port\"", StringComparison.Ordinal), Timeout, "the Python v2 worker's port");
        return JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();
    }
}
