using JinaOrleans.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Protocols;

/// <summary>
/// One suite run over every protocol the gateway serves, with and without TLS (one subclass each): the .NET
/// client against a real Kestrel on 127.0.0.1.
/// </summary>
public abstract class GatewayProtocolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private protected abstract GatewayProtocol Protocol { get; }

    private protected abstract bool UseTls { get; }

    [Fact]
    public async Task Seed_flow_answers_the_walkthrough()
    {
        await using var flow = await StartAsync(f => f.Add<FooExecutor>(replicas: 3).Add<BarExecutor>(replicas: 2));
        using var client = ClientFor(flow);

        var docs = await client.PostAsync("/", DocumentArray.Empty(2));

        Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], docs.Texts);
        Assert.Equal(Protocol, client.Protocol);
        Assert.True(await client.IsFlowReadyAsync());
        Assert.Equal("3.34.0", (await client.GetStatusAsync()).Jina["jina"]);
    }

    [Fact]
    public async Task A_docarray_v2_client_gets_the_walkthrough_answer_in_v2()
    {
        await using var flow = await StartAsync(f => f.Add<FooExecutor>(replicas: 3).Add<BarExecutor>(replicas: 2));
        using var client = ClientFor(flow);

        var docs = await client.PostAsync("/", DocumentArray.Empty(2, DocArrayFlavour.V2));

        Assert.Equal(DocArrayFlavour.V2, docs.Flavour);
        Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], docs.Texts);
    }

    [Fact]
    public async Task A_typed_executor_answers_custom_schema_documents_in_v2()
    {
        await using var flow = await StartAsync(f => f.Add<JinaOrleans.Samples.Flows.QueryEmbedder>());
        using var client = ClientFor(flow);
        var queries = new DocList<JinaOrleans.Samples.Flows.Query> { new() { Text = "three small words" } };

        var answers = (await client.PostAsync("/embed", queries.ToDocuments(DocArrayFlavour.V2), new PostOptions { DocArray = DocArrayFlavour.V2 })).As<JinaOrleans.Samples.Flows.Query>();

        Assert.Equal(queries[0].Id, answers[0].Id);
        Assert.Equal(3, answers[0].Words);
        Assert.Equal(["three", "small", "words"], answers[0].Tokens);
        Assert.Equal([17f, 3f], answers[0].Embedding!);
    }

    [Fact]
    public async Task Tensors_of_every_numpy_dtype_reach_the_executor_and_come_back_with_their_dtype()
    {
        await using var flow = await StartAsync(f => f.Add<TensorSumExecutor>());
        using var client = ClientFor(flow);
        NdArray[] tensors =
        [
            NdArray.FromHalves([(Half)1.5, (Half)2]), NdArray.FromSBytes([-1, 5]), NdArray.FromInt16s([-300, 400]),
            NdArray.FromBytes([200, 55]), NdArray.FromUInt16s([60000, 1]), NdArray.FromBooleans([true, true]),
            NdArray.FromFloats([0.25f, 0.25f]), NdArray.FromInt64s([1L << 40, 1]),
        ];

        var docs = await client.PostAsync("/", new DocumentArray(tensors.Select(t => new Document { Tensor = t })));

        Assert.Equal([3.5, 4, 100, 255, 60001, 2, 0.5, (1L << 40) + 1], docs.Select(d => d.Tags.GetDouble("sum")));
        if (Protocol != GatewayProtocol.Http)
        {
            // gRPC and WebSocket carry the buffer itself: the executor sees the dtype sent and it comes back (HTTP JSON
            // carries numbers, which the gateway reads as float64).
            Assert.Equal(["Float16", "Int8", "Int16", "UInt8", "UInt16", "Bool", "Float32", "Int64"], docs.Select(d => d.Tags.GetString("dtype")));
            Assert.Equal(tensors.Select(t => t.DTypeName), docs.Select(d => d.Tensor!.DTypeName));
        }
    }

    [Fact]
    public async Task Parameters_reach_executors_and_results_come_back()
    {
        await using var flow = await StartAsync(f => f.Add<ParametersEchoExecutor>(name: "echo"));
        using var client = ClientFor(flow);

        var response = await client.PostStreamAsync("/", DocumentArray.Empty(1), new PostOptions { Parameters = new Dictionary<string, object?> { ["k"] = "v", ["echo__only"] = 2 } }).SingleAsync();

        var seen = (StructDictionary)((StructDictionary)response.Results["echo/rep-0"]!)["seen"]!;
        Assert.Equal("v", seen["k"]);
        Assert.Equal(2.0, seen["only"]);
        Assert.Equal("v", response.Parameters["k"]);
        Assert.Equal(["gateway", "echo"], response.Routes.Select(r => r.Executor));
    }

    [Fact]
    public async Task Executor_errors_reach_the_client_with_name_args_stacks_and_executor()
    {
        await using var flow = await StartAsync(f => f.Add<FailingExecutor>(name: "failer").Add<AppendExecutor>());
        using var client = ClientFor(flow);

        var error = await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/fail", DocumentArray.Empty(1)));

        Assert.Equal("InvalidOperationException", error.ExceptionName);
        Assert.Equal(["no time"], error.ExceptionArgs);
        Assert.Equal(nameof(FailingExecutor), error.Executor);
        Assert.NotEmpty(error.Stacks);
        Assert.Equal(["xpassed+"], (await client.PostAsync("/other", TestFlows.Texts("x"))).Texts);
    }

    [Fact]
    public async Task Target_executor_selects_by_prefix()
    {
        await using var flow = await StartAsync(f => f
            .Add<AppendExecutor>(name: "foo", usesWith: Suffix("[foo]"))
            .Add<AppendExecutor>(name: "foo_bar", usesWith: Suffix("[foo_bar]"))
            .Add<AppendExecutor>(name: "bar_foo", usesWith: Suffix("[bar_foo]")));
        using var client = ClientFor(flow);

        var docs = await client.PostAsync("/", TestFlows.Texts("x"), targetExecutor: "foo");

        Assert.Equal(["x[foo][foo_bar]"], docs.Texts);
    }

    [Fact]
    public async Task Request_size_batches_documents()
    {
        await using var flow = await StartAsync(f => f.Add<BatchSizeExecutor>());
        using var client = ClientFor(flow);
        var inputs = DocumentArray.Empty(7);

        var responses = await client.PostStreamAsync("/", inputs, new PostOptions { RequestSize = 3, ResultsInOrder = true }).ToListAsync();

        Assert.Equal([3, 3, 1], responses.Select(r => r.Docs.Count));
        Assert.Equal(inputs.Select(d => d.Id), responses.SelectMany(r => r.Docs).Select(d => d.Id));
    }

    [Fact]
    public async Task Results_in_order_hold_when_replicas_finish_out_of_order()
    {
        var gate = Gate.Create();
        await using var flow = await StartAsync(f => f.Add<GatedExecutor>(replicas: 3, usesWith: new Dictionary<string, object?> { ["gate"] = gate.Key }));
        using var client = ClientFor(flow);

        var post = client.PostAsync("/", TestFlows.Texts("a", "b", "c"), requestSize: 1, resultsInOrder: true);
        await Task.WhenAll(gate.Entered("a"), gate.Entered("b"), gate.Entered("c")).WaitAsync(Timeout);
        gate.Release("c");
        await gate.Exited("c").WaitAsync(Timeout);
        gate.Release("b");
        await gate.Exited("b").WaitAsync(Timeout);
        gate.Release("a");

        Assert.Equal(["a!", "b!", "c!"], (await post.WaitAsync(Timeout)).Texts);
    }

    private async Task<Flow> StartAsync(Func<Flow, Flow> add)
    {
        var certificates = UseTls ? TestCertificates.Instance : null;
        var flow = new Flow(new FlowDefinition
        {
            Gateway = new GatewayDefinition
            {
                Host = "127.0.0.1",
                Protocols = [Protocol],
                Ports = [0],
                SslCertFile = certificates?.CertificateFile,
                SslKeyFile = certificates?.KeyFile,
            },
        })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        };
        return await add(flow).StartAsync();
    }

    private JinaOrleans.Client.Client ClientFor(Flow flow)
    {
        var scheme = (Protocol, UseTls) switch
        {
            (GatewayProtocol.Grpc, false) => "grpc",
            (GatewayProtocol.Grpc, true) => "grpcs",
            (GatewayProtocol.Http, false) => "http",
            (GatewayProtocol.Http, true) => "https",
            (_, false) => "ws",
            _ => "wss",
        };
        return new JinaOrleans.Client.Client(
            host: $"{scheme}://{(UseTls ? "localhost" : "127.0.0.1")}:{flow.Port}",
            options: new ClientOptions { RootCertificates = UseTls ? TestCertificates.Instance.Roots : null });
    }

    private static Dictionary<string, object?> Suffix(string suffix) => new() { ["suffix"] = suffix };
}
