using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Grains.Placement;

/// <summary>
/// Executors hosted on some silos only (<c>--host-executors</c>) are placed there by Orleans, through the silos'
/// metadata and the hosted-placement filter, for flows running on any silo.
/// </summary>
public sealed class HostedPlacementTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_executor_runs_only_on_the_silo_that_hosts_it_for_flows_on_either_silo()
    {
        var flow = new FlowDefinition
        {
            Executors = [new() { Name = "left", Uses = nameof(SiloStampExecutor), Replicas = 2 }, new() { Name = "right", Uses = nameof(SiloStampExecutor) }],
        };
        await using var cluster = await InProcessJinaCluster.StartAsync(flow, [typeof(SiloStampExecutor)], hosts: index => new HashSet<string> { index == 0 ? "left" : "right" });
        var names = cluster.Cluster.Silos.Select(s => s.Name).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cluster.Flow().ProcessAsync(Requests.Of("/", "a", "b")).AsTask())).WaitAsync(Timeout);

        var docs = responses.SelectMany(r => r.Data.Docs.Docs).ToArray();
        Assert.Equal(40, docs.Length);
        Assert.All(docs, d => Assert.Equal(names[0], d.Tags.Fields["left"].StringValue));
        Assert.All(docs, d => Assert.Equal(names[1], d.Tags.Fields["right"].StringValue));
    }

    [Fact]
    public async Task An_executor_that_no_live_silo_hosts_fails_unavailable_naming_it()
    {
        var flow = new FlowDefinition
        {
            Executors = [new() { Name = "left", Uses = nameof(SiloStampExecutor) }, new() { Name = "nowhere", Uses = nameof(SiloStampExecutor) }],
        };
        await using var cluster = await InProcessJinaCluster.StartAsync(
            flow, [typeof(SiloStampExecutor)], hosts: _ => new HashSet<string> { "left" }, failoverTimeout: TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<ExecutorCallException>(() => cluster.Flow().ProcessAsync(Requests.Of("/", "a")).AsTask()).WaitAsync(Timeout);

        Assert.Equal(ExecutorCallFailure.Unavailable, error.Failure);
        Assert.Contains("Executor 'nowhere' could not be reached", error.Message, StringComparison.Ordinal);
    }
}
