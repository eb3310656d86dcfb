namespace JinaOrleans;

/// <summary>Where an executor instance runs: its replica and shard numbers and its runtime name.</summary>
public sealed record ExecutorReplicaInfo(int Replica, int Shard, int Replicas, int Shards)
{
    /// <summary>
    /// The name Jina gives the runtime (<c>executor0/rep-0</c>), the key of this instance's entry in
    /// <c>parameters.__results__</c>.
    /// </summary>
    public string RuntimeName(string deploymentName) =>
        Shards > 1 ? $"{deploymentName}/shard-{Shard}/rep-{Replica}" : $"{deploymentName}/rep-{Replica}";
}
