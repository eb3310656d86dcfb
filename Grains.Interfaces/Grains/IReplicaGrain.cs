namespace JinaOrleans.Grains;

/// <summary>
/// One replica of an executor deployment, keyed <c>{deployment}/rep-{i}</c> (Jina's runtime name): a stateless
/// worker with one activation per silo, owning one executor instance and serving one request at a time. A
/// deployment with <c>replicas: N</c> is the N keys <c>rep-0</c> … <c>rep-{N-1}</c>, so at most N activations per silo.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1040", Justification = "Names the grain type; the contract is IExecutorGrain's.")]
public interface IReplicaGrain : IExecutorGrain
{
}
