using JinaOrleans.Client;
using JinaOrleans.Configuration;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary>Dynamic batching: merge, split, parameters, failure isolation, timeout.</summary>
public sealed class DynamicBatchingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Requests_are_merged_into_batches_of_the_preferred_size_and_split_back()
    {
        await using var flow = await StartAsync("""
            jtype: Flow
            executors:
              - name: model
                uses: FixedCostExecutor
                uses_with: {cost_ms: 1}
                uses_dynamic_batching:
                  /default: {preferred_batch_size: 4, timeout: 60000}
            """);
        using var client = TestFlows.ClientFor(flow);
        var inputs = Enumerable.Range(0, 8).Select(i => TestFlows.Texts($"r{i}")).ToArray();

        var responses = await Task.WhenAll(inputs.Select(docs => client.PostStreamAsync("/", docs, new PostOptions { Stream = false }).SingleAsync().AsTask())).WaitAsync(Timeout);

        for (var i = 0; i < inputs.Length; i++)
        {
            var doc = Assert.Single(responses[i].Docs);
            Assert.Equal(inputs[i][0].Id, doc.Id);
            Assert.Equal($"r{i}", doc.Text);
            Assert.Equal(4.0, doc.Tags["batch_size"]);
        }
    }

    [Fact]
    public async Task A_batch_that_returns_new_documents_is_split_back_by_id()
    {
        var key = Guid.NewGuid().ToString("N");
        await using var flow = await TestFlows.New().Add<BatchedCounterExecutor>(usesWith: new Dictionary<string, object?> { ["key"] = key }).StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var responses = await Task.WhenAll(new[] { "a", "b", "c" }.Select(t => client.PostAsync("/", TestFlows.Texts(t), new PostOptions { Stream = false }))).WaitAsync(Timeout);

        Assert.Equal(["a:batched", "b:batched", "c:batched"], responses.Select(r => Assert.Single(r).Text));
        Assert.Equal([3], BatchedCounterExecutor.Calls[key]);
    }

    [Fact]
    public async Task Requests_with_different_parameters_are_never_batched_together()
    {
        await using var flow = await StartAsync("""
            jtype: Flow
            executors:
              - name: model
                uses: FixedCostExecutor
                uses_with: {cost_ms: 1}
                uses_dynamic_batching:
                  /default: {preferred_batch_size: 3, timeout: 60000}
            """);
        using var client = TestFlows.ClientFor(flow);

        var posts = Enumerable.Range(0, 6).Select(i => client.PostAsync("/", TestFlows.Texts($"t{i}"), new PostOptions
        {
            Stream = false,
            Parameters = new Dictionary<string, object?> { ["label"] = i % 2 == 0 ? "even" : "odd" },
        })).ToArray();
        var results = await Task.WhenAll(posts).WaitAsync(Timeout);

        for (var i = 0; i < results.Length; i++)
        {
            var doc = Assert.Single(results[i]);
            Assert.Equal(i % 2 == 0 ? "even" : "odd", doc.Tags["label"]);
            Assert.Equal(3.0, doc.Tags["batch_size"]);
        }
    }

    [Fact]
    public async Task A_failing_batch_fails_exactly_its_own_requests()
    {
        await using var flow = await StartAsync("""
            jtype: Flow
            executors:
              - name: model
                uses: FixedCostExecutor
                uses_with: {cost_ms: 1}
                uses_dynamic_batching:
                  /default: {preferred_batch_size: 2, timeout: 60000}
            """);
        using var client = TestFlows.ClientFor(flow);
        var options = new PostOptions { Stream = false, Parameters = new Dictionary<string, object?> { ["fail_on"] = "boom" } };

        // Two batches of two: the first holds the poison document.
        var first = new[] { client.PostAsync("/", TestFlows.Texts("boom"), options), client.PostAsync("/", TestFlows.Texts("innocent"), options) };
        var firstResults = await Task.WhenAll(first.Select(async t => await Record.ExceptionAsync(() => t))).WaitAsync(Timeout);
        var second = await Task.WhenAll(client.PostAsync("/", TestFlows.Texts("x"), options), client.PostAsync("/", TestFlows.Texts("y"), options)).WaitAsync(Timeout);

        Assert.All(firstResults, e => Assert.Equal("a document says 'boom'", Assert.IsType<ExecutorErrorException>(e).ExceptionArgs[0]));
        Assert.Equal(["x", "y"], second.Select(d => Assert.Single(d).Text));
        Assert.All(second, d => Assert.Equal(2.0, d[0].Tags["batch_size"]));
    }

    [Fact]
    public async Task A_lone_request_runs_when_the_timeout_passes()
    {
        await using var flow = await StartAsync("""
            jtype: Flow
            executors:
              - name: model
                uses: FixedCostExecutor
                uses_with: {cost_ms: 1}
                uses_dynamic_batching:
                  /default: {preferred_batch_size: 100, timeout: 50}
            """);
        using var client = TestFlows.ClientFor(flow);

        var docs = await client.PostAsync("/", DocumentArray.Empty(2)).WaitAsync(Timeout);

        Assert.All(docs, d => Assert.Equal(2.0, d.Tags["batch_size"]));
    }

    [Fact]
    public async Task Batching_an_endpoint_the_executor_does_not_serve_fails_at_start()
    {
        var definition = FlowYaml.Parse("""
            jtype: Flow
            executors:
              - name: only_index
                uses: IndexOnlyExecutor
                uses_dynamic_batching:
                  /search: {preferred_batch_size: 2}
            """, "flow.yml", ".", _ => null);
        var flow = new Flow(definition with { Gateway = definition.Gateway with { Host = "127.0.0.1" } }) { ConfigureLogging = l => l.SetMinimumLevel(LogLevel.None) };
        flow.ExecutorTypes.Register(typeof(IndexOnlyExecutor));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flow.StartAsync());

        Assert.Contains("uses_dynamic_batching names endpoint '/search'", error.Message, StringComparison.Ordinal);
    }

    private static Task<Flow> StartAsync(string yaml)
    {
        var definition = FlowYaml.Parse(yaml, "flow.yml", ".", _ => null);
        var flow = new Flow(definition with { Gateway = definition.Gateway with { Host = "127.0.0.1" } }) { ConfigureLogging = l => l.SetMinimumLevel(LogLevel.None) };
        flow.ExecutorTypes.RegisterAssembly(typeof(JinaOrleans.Samples.Flows.FixedCostExecutor).Assembly);
        return flow.StartAsync();
    }
}
