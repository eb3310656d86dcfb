namespace JinaOrleans.Definitions;

/// <summary>
/// What makes a <see cref="FlowDefinition"/> a Jina Deployment (<c>jtype: Deployment</c>): its one executor served on
/// Jina's worker protocol, or with <see cref="IncludeGateway"/> behind a gateway of its own, at <see cref="Port"/>.
/// </summary>
public sealed record DeploymentSettings
{
    /// <summary>Jina's <c>include_gateway</c> (default true): a gateway in front of the executor, on every protocol it names.</summary>
    public bool IncludeGateway { get; init; } = true;

    /// <summary>The port the Deployment serves: its gateway's with <see cref="IncludeGateway"/>, else the executor's worker port; null when none is given.</summary>
    public int? Port { get; init; }
}
