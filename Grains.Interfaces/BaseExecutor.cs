namespace JinaOrleans;

/// <summary>
/// An executor with no endpoints (Jina's <c>BaseExecutor</c>, the default <c>uses</c>): requests pass through
/// it unchanged. A node using it still merges the parts of its upstream branches, which makes it a join.
/// </summary>
public sealed class BaseExecutor : Executor
{
}
