namespace JinaOrleans.Grains;

/// <summary>
/// One shard of a sharded deployment, keyed <c>{deployment}/shard-{i}</c>: a regular grain, so one activation in
/// the whole cluster (re-activated on another silo that hosts the deployment when its silo dies), holding the
/// shard's replicas.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1040", Justification = "Names the grain type; the contract is IExecutorGrain's.")]
public interface IShardGrain : IExecutorGrain
{
}
