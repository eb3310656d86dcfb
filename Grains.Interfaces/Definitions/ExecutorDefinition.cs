using System.Collections.Immutable;

namespace JinaOrleans.Definitions;

/// <summary>One executor entry of a flow (<c>Flow.add(...)</c> / an item of <c>executors:</c>).</summary>
public sealed record ExecutorDefinition
{
    /// <summary>The deployment name; unique in the flow; <c>gateway</c> is reserved.</summary>
    public required string Name { get; init; }

    /// <summary>The executor class (its full or short type name).</summary>
    public required string Uses { get; init; }

    /// <summary>How many instances serve requests concurrently. Defaults to 1.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Constructor arguments by parameter name (<c>uses_with</c>).</summary>
    public ImmutableDictionary<string, object?> UsesWith { get; init; } = ImmutableDictionary<string, object?>.Empty;

    /// <summary>Overrides of the metas (<c>uses_metas</c>): name, description, workspace.</summary>
    public ImmutableDictionary<string, object?> UsesMetas { get; init; } = ImmutableDictionary<string, object?>.Empty;

    /// <summary>Endpoint → method name bindings that replace the <c>[Requests]</c> attributes (<c>uses_requests</c>).</summary>
    public ImmutableDictionary<string, string> UsesRequests { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The executors this one waits for. Empty means the previously added executor (or the gateway for the
    /// first one).
    /// </summary>
    public ImmutableArray<string> Needs { get; init; } = [];

    /// <summary>Time allowed for one call to this executor; null for none (<c>timeout_send</c>).</summary>
    public TimeSpan? TimeoutSend { get; init; }

    /// <summary>Extra attempts after a transport failure; -1 means max(3, replicas) (<c>retries</c>).</summary>
    public int Retries { get; init; } = -1;
}
