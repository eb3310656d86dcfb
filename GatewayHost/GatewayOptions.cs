namespace JinaOrleans.Gateway;

/// <summary>The command line of a gateway process.</summary>
internal sealed record GatewayOptions
{
    public required string FlowFile { get; init; }

    /// <summary>Silo addresses (cluster mode); empty runs the flow embedded.</summary>
    public IReadOnlyList<string> Silos { get; init; } = [];

    public IReadOnlyList<string> ExecutorDirectories { get; init; } = [];

    /// <summary>Overrides the flow's <c>with: host</c>.</summary>
    public string? Host { get; init; }

    /// <summary>Overrides the flow's <c>with: port</c> (one per protocol).</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>PEM CA bundle the silos' certificates chain to: reach them over TLS.</summary>
    public string? SiloTlsCa { get; init; }

    /// <summary>PEM client certificate and key presented to the silos (mutual TLS).</summary>
    public string? SiloTlsCertificate { get; init; }

    public string? SiloTlsKey { get; init; }

    /// <summary>Draw the topology to this file and exit instead of serving.</summary>
    public string? ExportSvg { get; init; }

    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
