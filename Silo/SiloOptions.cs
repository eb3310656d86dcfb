namespace JinaOrleans.SiloHost;

/// <summary>The command line of a silo process.</summary>
internal sealed record SiloOptions
{
    public required string FlowFile { get; init; }

    public IReadOnlyList<string> ExecutorDirectories { get; init; } = [];

    public string Host { get; init; } = "0.0.0.0";

    public int Port { get; init; } = 5000;

    /// <summary>The address others use to reach this silo; defaults to host:port (the machine name for 0.0.0.0).</summary>
    public string? Advertise { get; init; }

    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Deployments to host here; empty hosts every non-external executor of the flow.</summary>
    public IReadOnlyList<string> HostExecutors { get; init; } = [];

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>PEM certificate and key: the silo port serves TLS, and the silo presents them to peers.</summary>
    public string? TlsCertificate { get; init; }

    public string? TlsKey { get; init; }

    /// <summary>
    /// PEM CA bundle: peers' certificates must chain to it, and callers must present a client certificate that
    /// does (mutual TLS between gateway and silos).
    /// </summary>
    public string? TlsCa { get; init; }

    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
