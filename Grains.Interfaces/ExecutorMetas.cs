namespace JinaOrleans;

/// <summary>An executor's <c>metas</c>: its name, description and workspace.</summary>
public sealed record ExecutorMetas
{
    /// <summary>The deployment name (e.g. <c>executor0</c>).</summary>
    public string Name { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    /// <summary>A folder the executor may write to; empty when none was configured.</summary>
    public string Workspace { get; init; } = string.Empty;
}
