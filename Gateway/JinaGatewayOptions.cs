namespace JinaOrleans.Gateway;

/// <summary>Options of the gateway beyond what the flow YAML says.</summary>
public sealed class JinaGatewayOptions
{
    /// <summary>
    /// How long a request whose silo died (or was shutting down) keeps being sent again to another silo. Defaults to
    /// 30 seconds; the client's deadline ends it sooner.
    /// </summary>
    public TimeSpan FailoverTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many partitions of the flow grain the gateway spreads its requests over (each goes through one silo
    /// gateway). Defaults to 16.
    /// </summary>
    public int FlowPartitions { get; set; } = 16;

    /// <summary>
    /// How often an Orleans-client gateway moves to a fresh set of partitions, so silos that joined get requests.
    /// Defaults to 10 seconds.
    /// </summary>
    public TimeSpan RebalanceInterval { get; set; } = TimeSpan.FromSeconds(10);
}
