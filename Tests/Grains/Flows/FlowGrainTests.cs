using System.Diagnostics;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>The flow grain on two silos of an Orleans TestingHost cluster.</summary>
public sealed class FlowGrainTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_flow_walks_its_executors_as_grains_and_answers_from_either_silo()
    {
        var flow = new FlowDefinition
        {
            Executors = [new() { Name = "foo", Uses = nameof(FooExecutor), Replicas = 3 }, new() { Name = "bar", Uses = nameof(BarExecutor), Replicas = 2 }],
        };
        await using var cluster = await InProcessJinaCluster.StartAsync(flow, [typeof(FooExecutor), typeof(BarExecutor)]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cluster.Flow().ProcessAsync(Requests.Of("/", "", "")).AsTask())).WaitAsync(Timeout);

        Assert.All(responses, r => Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], r.Data.Docs.Docs.Select(d => d.Text)));
        Assert.All(responses, r => Assert.Equal(["foo", "bar"], r.Routes.Select(route => route.Executor)));
        Assert.All(responses, r => Assert.False(r.Header.Status?.Code == JinaOrleans.Protos.Jina.StatusProto.Types.StatusCode.Error));
    }

    [Fact]
    public async Task The_callers_cancellation_reaches_an_executor_on_the_other_silo_and_frees_its_replica()
    {
        var flow = new FlowDefinition { Executors = [new() { Name = "slow", Uses = nameof(SlowExecutor), Replicas = 1 }] };
        await using var cluster = await InProcessJinaCluster.StartAsync(flow, [typeof(SlowExecutor)], hosts: index => index == 1 ? new HashSet<string> { "slow" } : new HashSet<string>());

        // The client sends each call through the next silo in turn: one flow grain runs beside the executor, one not.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var watch = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.Flow().ProcessAsync(Requests.Of("/", "x").With("delay_ms", 30_000), cts.Token).AsTask()).WaitAsync(Timeout);

            // The only replica was released by the cancellation: the next request does not wait 30 s behind it.
            var next = await cluster.Flow().ProcessAsync(Requests.Of("/", "y")).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal("y.", next.Data.Docs.Docs[0].Text);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the replica stayed busy ({watch.Elapsed})");
        }
    }
}
