using JinaOrleans.Client;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Gateway;

/// <summary>The gRPC gateway end to end: a real Kestrel on 127.0.0.1 and the .NET client.</summary>
public sealed class GrpcGatewayTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Seed_flow_appends_both_texts()
    {
        await using var flow = await TestFlows.New().Add<FooExecutor>(replicas: 3).Add<BarExecutor>(replicas: 2).StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var docs = await client.PostAsync("/", DocumentArray.Empty(2));

        Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], docs.Texts);
    }

    [Fact]
    public async Task Without_results_in_order_responses_come_in_completion_order()
    {
        var gate = Gate.Create();
        await using var flow = await TestFlows.New().Add<GatedExecutor>(replicas: 2, usesWith: new Dictionary<string, object?> { ["gate"] = gate.Key }).StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var responses = client.PostStreamAsync("/", TestFlows.Texts("first", "second"), new PostOptions { RequestSize = 1 }).GetAsyncEnumerator();
        var firstResponse = responses.MoveNextAsync().AsTask();
        await gate.Entered("first").WaitAsync(Timeout);
        await gate.Entered("second").WaitAsync(Timeout);
        gate.Release("second");

        // The second request finished first and must arrive while the first is still inside the executor.
        Assert.True(await firstResponse.WaitAsync(Timeout));
        Assert.Equal("second!", responses.Current.Docs[0].Text);
        gate.Release("first");
        Assert.True(await responses.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal("first!", responses.Current.Docs[0].Text);
        Assert.False(await responses.MoveNextAsync());
        await responses.DisposeAsync();
    }

    [Fact]
    public async Task With_results_in_order_responses_come_in_request_order()
    {
        var gate = Gate.Create();
        await using var flow = await TestFlows.New().Add<GatedExecutor>(replicas: 2, usesWith: new Dictionary<string, object?> { ["gate"] = gate.Key }).StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var post = client.PostAsync("/", TestFlows.Texts("first", "second"), requestSize: 1, resultsInOrder: true);
        await gate.Entered("first").WaitAsync(Timeout);
        await gate.Entered("second").WaitAsync(Timeout);
        gate.Release("second");
        await gate.Exited("second").WaitAsync(Timeout);
        gate.Release("first");

        var docs = await post.WaitAsync(Timeout);
        Assert.Equal(["first!", "second!"], docs.Texts);
    }

    [Fact]
    public async Task Prefetch_bounds_requests_in_flight()
    {
        var gate = Gate.Create();
        await using var flow = await TestFlows.New().Add<GatedExecutor>(replicas: 6, usesWith: new Dictionary<string, object?> { ["gate"] = gate.Key }).StartAsync();
        using var client = TestFlows.ClientFor(flow);
        var names = Enumerable.Range(0, 6).Select(i => $"r{i}").ToArray();

        var post = client.PostAsync("/", TestFlows.Texts(names), requestSize: 1, resultsInOrder: true, prefetch: 2);

        // Release each request only once the next one has had its chance to enter.
        await gate.Entered("r0").WaitAsync(Timeout);
        await gate.Entered("r1").WaitAsync(Timeout);
        for (var i = 0; i < names.Length; i++)
        {
            gate.Release(names[i]);
            if (i + 2 < names.Length)
            {
                await gate.Entered(names[i + 2]).WaitAsync(Timeout);
            }
        }

        var docs = await post.WaitAsync(Timeout);
        Assert.Equal(names.Select(n => n + "!"), docs.Texts);
        Assert.Equal(2, gate.MaxInside);
    }

    [Fact]
    public async Task Executor_exception_reaches_the_client_and_the_gateway_keeps_serving()
    {
        await using var flow = await TestFlows.New().Add<FailingExecutor>(name: "failer").Add<AppendExecutor>(name: "after").StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var error = await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/fail", TestFlows.Texts("x")));

        Assert.Equal("InvalidOperationException", error.ExceptionName);
        Assert.Equal(["no time"], error.ExceptionArgs);
        Assert.Equal(nameof(FailingExecutor), error.Executor);
        Assert.Equal("InvalidOperationException('no time')", error.Status.Description);
        Assert.Contains(error.Stacks, line => line.Contains(nameof(FailingExecutor.Fail), StringComparison.Ordinal));
        Assert.Equal(["gateway", "failer"], error.Response.Routes.Select(r => r.Executor));
        Assert.Equal(StatusProto.Types.StatusCode.Error, error.Response.Routes[1].Status.Code);

        var docs = await client.PostAsync("/other", TestFlows.Texts("y"));
        Assert.Equal(["ypassed+"], docs.Texts);
    }

    [Fact]
    public async Task On_error_callback_receives_failures_instead_of_an_exception()
    {
        await using var flow = await TestFlows.New().Add<FailingExecutor>().StartAsync();
        using var client = TestFlows.ClientFor(flow);
        var errors = new List<Response>();
        var always = 0;

        var docs = await client.PostAsync("/fail", TestFlows.Texts("a", "b"), new PostOptions { RequestSize = 1, OnError = errors.Add, OnAlways = _ => always++ });

        Assert.Equal(2, errors.Count);
        Assert.Equal(2, always);
        Assert.All(errors, e => Assert.Equal("no time", e.Status.Exception.Args[0]));
        Assert.Equal(2, docs.Count);
    }

    [Fact]
    public async Task Routes_list_the_gateway_then_each_executor_with_ordered_times()
    {
        await using var flow = await TestFlows.New().Add<AppendExecutor>(name: "one").Add<AppendExecutor>(name: "two").StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var response = await client.PostStreamAsync("/", TestFlows.Texts("x")).SingleAsync();

        Assert.Equal(["gateway", "one", "two"], response.Routes.Select(r => r.Executor));
        var gateway = response.Routes[0];
        var one = response.Routes[1];
        var two = response.Routes[2];
        Assert.True(gateway.StartTime.ToDateTimeOffset() <= one.StartTime.ToDateTimeOffset());
        Assert.True(one.StartTime.ToDateTimeOffset() <= one.EndTime.ToDateTimeOffset());
        Assert.True(one.EndTime.ToDateTimeOffset() <= two.StartTime.ToDateTimeOffset());
        Assert.True(two.EndTime.ToDateTimeOffset() <= gateway.EndTime.ToDateTimeOffset());
        Assert.Equal(StatusProto.Types.StatusCode.Success, response.Status.Code);
    }

    [Fact]
    public async Task Parameters_are_scoped_per_executor_and_results_collected()
    {
        await using var flow = await TestFlows.New().Add<ParametersEchoExecutor>(name: "e0").Add<ParametersEchoExecutor>(name: "e1").StartAsync();
        using var client = TestFlows.ClientFor(flow);
        var parameters = new Dictionary<string, object?>
        {
            ["shared"] = 1,
            ["e1__only_e1"] = "yes",
            ["e0"] = new Dictionary<string, object?> { ["nested_for_e0"] = true },
        };

        var response = await client.PostStreamAsync("/", TestFlows.Texts("x"), new PostOptions { Parameters = parameters }).SingleAsync();

        var e0 = (StructDictionary)((StructDictionary)response.Results["e0/rep-0"]!)["seen"]!;
        var e1 = (StructDictionary)((StructDictionary)response.Results["e1/rep-0"]!)["seen"]!;
        Assert.Equal(1.0, e0["shared"]);
        Assert.Equal(true, e0["nested_for_e0"]);
        Assert.False(e0.ContainsKey("only_e1"));
        Assert.False(e0.ContainsKey("e1__only_e1"));
        Assert.Equal("yes", e1["only_e1"]);
        Assert.False(e1.ContainsKey("nested_for_e0"));

        // The response keeps the parameters as sent; executors' own edits do not leak.
        Assert.Equal("yes", response.Parameters["e1__only_e1"]);
        Assert.False(response.Parameters.ContainsKey("edited_by_executor"));
        Assert.Equal(["__results__", "e0", "e1__only_e1", "shared"], response.Parameters.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Request_size_splits_documents_into_batches()
    {
        await using var flow = await TestFlows.New().Add<BatchSizeExecutor>().StartAsync();
        using var client = TestFlows.ClientFor(flow);
        var inputs = TestFlows.Texts(Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());

        var responses = await client.PostStreamAsync("/", inputs, new PostOptions { RequestSize = 3, ResultsInOrder = true }).ToListAsync();

        Assert.Equal([3, 3, 3, 1], responses.Select(r => r.Docs.Count));
        Assert.Equal([3.0, 3.0, 3.0, 1.0], responses.Select(r => r.Docs[0].Tags["batch"]));
        Assert.Equal(inputs.Select(d => d.Id), responses.SelectMany(r => r.Docs).Select(d => d.Id));
        Assert.Equal(4, responses.Select(r => r.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task Request_size_zero_sends_everything_in_one_request_and_no_inputs_send_one_empty_request()
    {
        await using var flow = await TestFlows.New().Add<BatchSizeExecutor>().StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var all = await client.PostStreamAsync("/", DocumentArray.Empty(7), new PostOptions { RequestSize = 0 }).ToListAsync();
        var none = await client.PostStreamAsync("/", inputs: null).ToListAsync();

        Assert.Equal(7, Assert.Single(all).Docs.Count);
        Assert.Empty(Assert.Single(none).Docs);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Compressed_requests_from_the_client_are_accepted(string compression)
    {
        await using var flow = await TestFlows.New().Add<FooExecutor>().StartAsync();
        var recorder = new HeaderRecordingHandler();
        using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Port, options: new ClientOptions { HttpHandler = recorder });

        var docs = await client.PostAsync("/", DocumentArray.Empty(3), new PostOptions { Compression = compression, RequestSize = 1 });

        Assert.Equal(3, docs.Count);
        Assert.All(docs, d => Assert.Equal("hello, world!", d.Text));
        Assert.Contains(compression, recorder.Values("grpc-encoding"));
    }

    [Fact]
    public async Task Unary_mode_uses_process_single_data()
    {
        await using var flow = await TestFlows.New().Add<FooExecutor>(replicas: 2).Add<BarExecutor>().StartAsync();
        var recorder = new HeaderRecordingHandler();
        using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Port, options: new ClientOptions { HttpHandler = recorder });

        var docs = await client.PostAsync("/", DocumentArray.Empty(5), new PostOptions { Stream = false, RequestSize = 2, ResultsInOrder = true });

        Assert.Equal(5, docs.Count);
        Assert.All(docs, d => Assert.Equal("hello, world!goodbye!", d.Text));
        Assert.All(recorder.Paths, p => Assert.Equal("/jina.JinaSingleDataRequestRPC/process_single_data", p));
        Assert.Equal(3, recorder.Paths.Count);
    }

    [Fact]
    public async Task Target_executor_is_a_regex_anchored_at_the_start()
    {
        await using var flow = await TestFlows.New()
            .Add<AppendExecutor>(name: "foo", usesWith: new Dictionary<string, object?> { ["suffix"] = "[foo]" })
            .Add<AppendExecutor>(name: "foo_bar", usesWith: new Dictionary<string, object?> { ["suffix"] = "[foo_bar]" })
            .Add<AppendExecutor>(name: "bar_foo", usesWith: new Dictionary<string, object?> { ["suffix"] = "[bar_foo]" })
            .StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var response = await client.PostStreamAsync("/", TestFlows.Texts("x"), new PostOptions { TargetExecutor = "foo" }).SingleAsync();

        Assert.Equal("x[foo][foo_bar]", response.Docs[0].Text);
        Assert.Equal(["gateway", "foo", "foo_bar"], response.Routes.Select(r => r.Executor));
        Assert.Equal(string.Empty, response.Proto.Header.TargetExecutor);
    }

    [Fact]
    public async Task Executors_serving_neither_the_endpoint_nor_default_are_skipped()
    {
        await using var flow = await TestFlows.New().Add<IndexOnlyExecutor>(name: "indexer").Add<AppendExecutor>(name: "all").StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var search = await client.PostStreamAsync("/search", TestFlows.Texts("q")).SingleAsync();
        var index = await client.PostStreamAsync("/index", TestFlows.Texts("d")).SingleAsync();

        Assert.Equal(["gateway", "all"], search.Routes.Select(r => r.Executor));
        Assert.Equal("q+", search.Docs[0].Text);
        Assert.Equal(["gateway", "indexer", "all"], index.Routes.Select(r => r.Executor));
        Assert.Equal("d[indexed]+", index.Docs[0].Text);
    }

    [Fact]
    public async Task Dry_run_reports_the_flow_ready()
    {
        await using var flow = await TestFlows.New().Add<FailingExecutor>().StartAsync();
        using var client = TestFlows.ClientFor(flow);

        Assert.True(await client.IsFlowReadyAsync());
        var status = await client.GetStatusAsync();
        Assert.Equal("3.34.0", status.Jina["jina"]);
    }

    [Fact]
    public async Task A_stopped_gateway_is_not_ready()
    {
        var flow = await TestFlows.New().Add<FooExecutor>().StartAsync();
        using var client = TestFlows.ClientFor(flow);
        await flow.StopAsync();

        Assert.False(await client.IsFlowReadyAsync());
    }
}
