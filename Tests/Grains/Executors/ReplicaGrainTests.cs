using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Tests.Support;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary>
/// Replicas are stateless-worker grains, one per replica key: a deployment of N replicas runs at most N requests at
/// once on a silo, each replica one at a time, further requests waiting for a replica.
/// </summary>
public sealed class ReplicaGrainTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_replicas_run_two_requests_at_once_and_the_third_waits_for_one_of_them()
    {
        var gate = Gate.Create();
        var flow = new FlowDefinition
        {
            Executors =
            [
                new()
                {
                    Name = "gated",
                    Uses = nameof(GatedExecutor),
                    Replicas = 2,
                    UsesWith = ImmutableDictionary<string, object?>.Empty.Add("gate", gate.Key),
                },
            ],
        };
        await using var cluster = await InProcessJinaCluster.StartAsync(flow, [typeof(GatedExecutor)], silos: 1);

        var a = cluster.Flow().ProcessAsync(Requests.Of("/", "a")).AsTask();
        await gate.Entered("a");
        var b = cluster.Flow().ProcessAsync(Requests.Of("/", "b")).AsTask();
        await gate.Entered("b");
        var c = cluster.Flow().ProcessAsync(Requests.Of("/", "c")).AsTask();
        gate.Release("a");
        await gate.Entered("c");
        gate.Release("b");
        gate.Release("c");
        var responses = await Task.WhenAll(a, b, c).WaitAsync(Timeout);

        Assert.Equal(["a!", "b!", "c!"], responses.Select(r => r.Data.Docs.Docs[0].Text));
        Assert.Equal(2, gate.MaxInside);
    }
}
