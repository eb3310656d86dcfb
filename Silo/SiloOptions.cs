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

    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
