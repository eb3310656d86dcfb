using JinaOrleans.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Samples.Flows;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Client;

/// <summary>
/// The client's Jina conveniences through a real gateway, one subclass per protocol: <c>continue_on_error</c> with an
/// executor failing in the middle of a stream, the CRUD helpers and <c>profiling()</c>.
/// </summary>
public abstract class ClientProtocolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private protected abstract GatewayProtocol Protocol { get; }

    [Fact]
    public async Task Continue_on_error_logs_the_failed_request_and_yields_every_response()
    {
        var log = new RecordingLoggerProvider();
        await using var flow = await StartAsync(f => f.Add<FixedCostExecutor>(name: "model", usesWith: new Dictionary<string, object?> { ["cost_ms"] = 0 }));
        using var client = ClientFor(flow, log);

        var responses = await client.PostStreamAsync("/", TestFlows.Texts("a", "b", "c"), FailOnB(continueOnError: true)).ToListAsync().AsTask().WaitAsync(Timeout);

        // The second request failed in the executor; the first and third went through it.
        Assert.Equal([false, true, false], responses.Select(r => r.IsError));
        Assert.Equal(["a", "b", "c"], responses.SelectMany(r => r.Docs).Select(d => d.Text));
        Assert.Equal([1.0, 0.0, 1.0], responses.Select(r => r.Docs[0].Tags.GetDouble("batch_size")));
        var failed = responses[1];
        Assert.Equal("InvalidOperationException", failed.Status.Exception?.Name);
        var entry = Assert.Single(log.Entries, e => e.Event.Id == 600);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains(failed.RequestId, entry.Message, StringComparison.Ordinal);
        Assert.Contains("a document says 'b'", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_continue_on_error_the_same_post_throws_the_executor_error()
    {
        await using var flow = await StartAsync(f => f.Add<FixedCostExecutor>(name: "model", usesWith: new Dictionary<string, object?> { ["cost_ms"] = 0 }));
        using var client = ClientFor(flow, log: null);

        var error = await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/", TestFlows.Texts("a", "b", "c"), FailOnB(continueOnError: false)).WaitAsync(Timeout));

        Assert.Equal(["a document says 'b'"], error.ExceptionArgs);
        Assert.Equal(nameof(FixedCostExecutor), error.Executor);
    }

    [Fact]
    public async Task Continue_on_error_returns_the_documents_of_all_responses_and_logs_a_callback_that_throws()
    {
        var log = new RecordingLoggerProvider();
        await using var flow = await StartAsync(f => f.Add<FixedCostExecutor>(name: "model", usesWith: new Dictionary<string, object?> { ["cost_ms"] = 0 }));
        using var client = ClientFor(flow, log);
        var done = 0;
        var errors = 0;
        var options = FailOnB(continueOnError: true) with
        {
            OnDone = _ =>
            {
                done++;
                throw new InvalidOperationException("callback broke");
            },
            OnError = _ => errors++,
        };

        var docs = await client.PostAsync("/", TestFlows.Texts("a", "b", "c"), options).WaitAsync(Timeout);

        Assert.Equal(["a", "b", "c"], docs.Texts);
        Assert.Equal((2, 1), (done, errors));
        var thrown = log.Entries.Where(e => e.Event.Id == 601).ToArray();
        Assert.Equal(2, thrown.Length);
        Assert.All(thrown, e => Assert.Equal("callback broke", e.Exception?.Message));

        // OnError took the failure: it is not logged as an unhandled server error.
        Assert.DoesNotContain(log.Entries, e => e.Event.Id == 600);
    }

    [Fact]
    public async Task Without_continue_on_error_a_callback_that_throws_ends_the_post()
    {
        await using var flow = await StartAsync(f => f.Add<AppendExecutor>());
        using var client = ClientFor(flow, log: null);
        var options = new PostOptions { OnDone = _ => throw new InvalidOperationException("callback broke") };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostAsync("/", TestFlows.Texts("x"), options).WaitAsync(Timeout));

        Assert.Equal("callback broke", error.Message);
    }

    [Fact]
    public async Task Crud_helpers_post_on_their_endpoints()
    {
        await using var flow = await StartAsync(f => f.Add<CrudExecutor>());
        using var client = ClientFor(flow, log: null);

        var index = await client.IndexAsync(TestFlows.Texts("x")).WaitAsync(Timeout);
        var search = await client.SearchAsync(TestFlows.Texts("x")).WaitAsync(Timeout);
        var update = await client.UpdateAsync(TestFlows.Texts("x")).WaitAsync(Timeout);
        var delete = await client.DeleteAsync(TestFlows.Texts("x"), new PostOptions { RequestSize = 0 }).WaitAsync(Timeout);
        var other = await client.PostAsync("/other", TestFlows.Texts("x")).WaitAsync(Timeout);

        Assert.Equal(["index", "search", "update", "delete", "default"], new[] { index, search, update, delete, other }.Select(d => Assert.Single(d).Text));
    }

    [Fact]
    public async Task Profiling_reports_each_executor_route_from_its_timestamps()
    {
        await using var flow = await StartAsync(f => f
            .Add<FixedCostExecutor>(name: "slow", usesWith: new Dictionary<string, object?> { ["cost_ms"] = 30 })
            .Add<AppendExecutor>(name: "fast"));
        using var client = ClientFor(flow, log: null);

        var profile = await client.ProfilingAsync().WaitAsync(Timeout);

        Assert.Equal(["slow", "fast"], profile.Executors.Keys);
        var routes = profile.Response.Routes;
        Assert.Equal(["gateway", "slow", "fast"], routes.Select(r => r.Executor));
        Assert.Equal((routes[0].EndTime - routes[0].StartTime).ToTimeSpan(), profile.Server);
        Assert.Equal((routes[1].EndTime - routes[1].StartTime).ToTimeSpan(), profile.Executors["slow"]);
        Assert.Equal((routes[2].EndTime - routes[2].StartTime).ToTimeSpan(), profile.Executors["fast"]);
        // The executor waits 30 ms on .NET's timer, which may fire a few milliseconds early (a coarse clock).
        Assert.True(profile.Executors["slow"] >= TimeSpan.FromMilliseconds(20), $"slow took {profile.Executors["slow"]}");
        Assert.True(profile.Executors["slow"] > profile.Executors["fast"], profile.ToString());
        Assert.True(profile.Server >= profile.Executors["slow"] + profile.Executors["fast"], profile.ToString());
        Assert.True(profile.Roundtrip >= profile.Server, profile.ToString());
        Assert.Equal(profile.Server - profile.Executors["slow"] - profile.Executors["fast"], profile.GatewayExecutorsNetwork);

        // The timestamps carry fractions of a millisecond, and so do the durations (three whole milliseconds at once
        // would mean the precision was lost on the way).
        Assert.Contains(new[] { profile.Server, profile.Executors["slow"], profile.Executors["fast"] }, d => d.Ticks % TimeSpan.TicksPerMillisecond != 0);
        Assert.Equal(["Roundtrip", "Client-server network", "Server", "Gateway-executors network", "slow", "fast"], profile.ToMilliseconds().Keys);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_one_returns_the_one_response_of_a_request(bool stream)
    {
        await using var flow = await StartAsync(f => f.Add<FixedCostExecutor>(name: "model", usesWith: new Dictionary<string, object?> { ["cost_ms"] = 0 }));
        using var client = ClientFor(flow, log: null);
        var request = Requests.Of("/", "a", "b");
        var done = 0;

        var response = await client.SendOneAsync(request, new PostOptions { Stream = stream, OnDone = _ => done++ }).WaitAsync(Timeout);

        Assert.False(response.IsError);
        // Jina's HTTP body has no request id (the gateway makes one); gRPC and WebSocket carry the client's.
        Assert.Equal(Protocol == GatewayProtocol.Http ? response.RequestId : request.Header.RequestId, response.RequestId);
        Assert.NotEmpty(response.RequestId);
        Assert.Equal(["a", "b"], response.Docs.Select(d => d.Text));
        Assert.Equal([2.0, 2.0], response.Docs.Select(d => d.Tags.GetDouble("batch_size")));
        Assert.Equal(1, done);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_one_applies_the_error_rules_of_a_post(bool stream)
    {
        await using var flow = await StartAsync(f => f.Add<FixedCostExecutor>(name: "model", usesWith: new Dictionary<string, object?> { ["cost_ms"] = 0 }));
        using var client = ClientFor(flow, log: null);
        Func<DataRequestProto> failing = () => Requests.Of("/", "b").WithText("fail_on", "b");

        var error = await Assert.ThrowsAsync<ExecutorErrorException>(() => client.SendOneAsync(failing(), new PostOptions { Stream = stream }).WaitAsync(Timeout));
        Response? seen = null;
        var handled = await client.SendOneAsync(failing(), new PostOptions { Stream = stream, OnError = r => seen = r }).WaitAsync(Timeout);
        var continued = await client.SendOneAsync(failing(), new PostOptions { Stream = stream, ContinueOnError = true }).WaitAsync(Timeout);

        Assert.Equal(["a document says 'b'"], error.ExceptionArgs);
        Assert.True(handled.IsError);
        Assert.Same(handled, seen);
        Assert.True(continued.IsError);
        Assert.Equal(nameof(FixedCostExecutor), continued.Status.Exception?.Executor);
    }

    [Fact]
    public async Task A_unary_post_that_fits_one_request_is_one_call_and_a_larger_one_is_split()
    {
        await using var flow = await StartAsync(f => f.Add<FixedCostExecutor>(name: "model", usesWith: new Dictionary<string, object?> { ["cost_ms"] = 0 }));
        using var client = ClientFor(flow, log: null);

        var one = await client.PostAsync("/", TestFlows.Texts("a", "b", "c"), new PostOptions { Stream = false, RequestSize = 3 }).WaitAsync(Timeout);
        var split = await client.PostAsync("/", TestFlows.Texts("a", "b", "c"), new PostOptions { Stream = false, RequestSize = 2, ResultsInOrder = true }).WaitAsync(Timeout);
        var empty = await client.PostAsync("/", inputs: null, new PostOptions { Stream = false }).WaitAsync(Timeout);

        Assert.Equal([3.0, 3.0, 3.0], one.Select(d => d.Tags.GetDouble("batch_size")));
        Assert.Equal(["a", "b", "c"], split.Select(d => d.Text).Order());
        Assert.Equal([1.0, 2.0, 2.0], split.Select(d => d.Tags.GetDouble("batch_size")).Order());
        Assert.Empty(empty);
    }

    private static PostOptions FailOnB(bool continueOnError) => new()
    {
        RequestSize = 1,
        ResultsInOrder = true,
        Parameters = new Dictionary<string, object?> { ["fail_on"] = "b" },
        ContinueOnError = continueOnError,
    };

    private async Task<Flow> StartAsync(Func<Flow, Flow> add) => await add(TestFlows.New(protocol: Protocol)).StartAsync();

    private JinaOrleans.Client.Client ClientFor(Flow flow, RecordingLoggerProvider? log) =>
        new(host: "127.0.0.1", port: flow.Port, protocol: Protocol, options: new ClientOptions { LoggerFactory = log?.CreateFactory() });
}
