using System.Collections.Immutable;

namespace JinaOrleans.Definitions;

/// <summary>The gateway arguments of a flow (<c>with:</c> / <c>gateway:</c>).</summary>
public sealed record GatewayDefinition
{
    /// <summary>The address to bind. Defaults to <c>0.0.0.0</c>, as in Jina.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The protocols served, one port each. Defaults to gRPC only.</summary>
    public ImmutableArray<GatewayProtocol> Protocols { get; init; } = [GatewayProtocol.Grpc];

    /// <summary>One port per protocol, in the same order; 0 picks a free port.</summary>
    public ImmutableArray<int> Ports { get; init; } = [0];

    /// <summary>
    /// How many requests of one client stream may be in flight at once. Defaults to 1000; 0 means no limit.
    /// A call's <c>__prefetch__</c> metadata overrides it.
    /// </summary>
    public int Prefetch { get; init; } = 1000;

    /// <summary>The largest request message accepted, in bytes. Defaults to <see cref="int.MaxValue"/> (unlimited).</summary>
    public int MaxMessageSize { get; init; } = int.MaxValue;

    /// <summary>The default <c>timeout_send</c> of every executor (time allowed for one call); null for none.</summary>
    public TimeSpan? TimeoutSend { get; init; }

    /// <summary>The default <c>retries</c> of every executor; -1 means max(3, replicas).</summary>
    public int Retries { get; init; } = -1;
}
