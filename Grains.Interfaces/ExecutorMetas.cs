using System.Collections.Immutable;

namespace JinaOrleans;

/// <summary>An executor's <c>metas</c>: its name, description, workspace and environment.</summary>
public sealed record ExecutorMetas
{
    /// <summary>The deployment name (e.g. <c>executor0</c>).</summary>
    public string Name { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    /// <summary>
    /// The folder of this instance's shard, <c>{workspace}/{name}/{shard}</c> (an absolute path, created when the
    /// instance is, before its <see cref="Executor.InitializeAsync"/>), as Jina's <c>self.workspace</c>: from the flow's <c>workspace</c> key (or <c>with: workspace</c>),
    /// else <c>uses_metas.workspace</c>. Empty when neither is given. Replicas of a shard share it.
    /// </summary>
    public string Workspace { get; init; } = string.Empty;

    /// <summary>
    /// The environment variables the flow gives this executor (<c>env</c>); they are also set in the process, which
    /// the executors of a silo share.
    /// </summary>
    public ImmutableDictionary<string, string> Env { get; init; } = ImmutableDictionary<string, string>.Empty;
}
