namespace JinaOrleans.Gateway;

/// <summary>Options of the gateway beyond what the flow YAML says.</summary>
public sealed class JinaGatewayOptions
{
    /// <summary>
    /// How long a request whose silo died (or was shutting down) keeps being sent again to another silo. Defaults to
    /// 30 seconds; the client's deadline ends it sooner.
    /// </summary>
    public TimeSpan FailoverTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
