using JinaOrleans.Definitions;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Samples.Flows;
using JinaOrleans.Tests.Support;
using Orleans.Runtime;
using Orleans.Serialization.TypeSystem;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary>A shard is a grain with one activation in the cluster, activated again elsewhere when its silo dies.</summary>
public sealed class ShardGrainTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Each_shard_has_one_activation_and_the_shards_of_a_killed_silo_answer_again_from_the_other()
    {
        var flow = new FlowDefinition
        {
            Executors = [new() { Name = "index", Uses = nameof(ShardMatchExecutor), Shards = 4, Polling = System.Collections.Immutable.ImmutableDictionary<string, PollingType>.Empty.Add("*", PollingType.All) }],
        };
        await using var cluster = await InProcessJinaCluster.StartAsync(flow, [typeof(ShardMatchExecutor)]);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        string[] shardType = [RuntimeTypeNameFormatter.Format(typeof(ShardGrain))];

        var before = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => cluster.Flow().ProcessAsync(Requests.Of("/search", "q")).AsTask())).WaitAsync(Timeout);
        var shards = await management.GetDetailedGrainStatistics(shardType);

        Assert.All(before, r => Assert.Equal(4, r.Data.Docs.Docs[0].Matches.Count));
        Assert.Equal(["index/shard-0", "index/shard-1", "index/shard-2", "index/shard-3"], shards.Select(s => s.GrainId.Key.ToString()).Order(StringComparer.Ordinal));

        // Kill, without a graceful stop, the silo holding the most shards.
        var victim = shards.GroupBy(s => s.SiloAddress).OrderByDescending(g => g.Count()).First().Key;
        await cluster.KillSiloAsync(victim, Timeout);
        var after = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => cluster.Flow().ProcessAsync(Requests.Of("/search", "q")).AsTask())).WaitAsync(Timeout);
        var moved = await management.GetDetailedGrainStatistics(shardType);

        Assert.All(after, r => Assert.Equal(4, r.Data.Docs.Docs[0].Matches.Count));
        Assert.All(moved, s => Assert.NotEqual(victim, s.SiloAddress));
        Assert.Equal(moved.Length, moved.Select(s => s.GrainId).Distinct().Count());
        Assert.Contains(moved, s => shards.Any(k => k.GrainId == s.GrainId && k.SiloAddress.Equals(victim)));
    }
}
