using JinaOrleans.Definitions;

namespace JinaOrleans.GatewayHost.Export;

/// <summary>
/// What the exports deploy: a flow (its YAML text as written, and as parsed for its gateway ports and protocols),
/// the images, and how many silos. The silos host every executor of the flow; replicas stay the flow's own.
/// </summary>
internal sealed record ExportTarget
{
    public const string ClusterId = "jinaorleans";
    public const int WorkerPort = 5000;
    public const int SiloPort = 11111;
    public const int SiloGatewayPort = 30000;

    /// <summary>The gateway's monitoring port in a container when the flow asks for monitoring and leaves the port free (0).</summary>
    public const int DefaultGatewayMonitoringPort = 9090;

    /// <summary>A silo's monitoring port in a container when its executors ask for monitoring and leave the port free (0).</summary>
    public const int DefaultSiloMonitoringPort = 9091;

    public required FlowDefinition Flow { get; init; }

    /// <summary>The flow YAML exactly as read (mounted, or put in a ConfigMap, unchanged).</summary>
    public required string FlowYaml { get; init; }

    /// <summary>The flow file's full path.</summary>
    public required string FlowFile { get; init; }

    public string SiloImage { get; init; } = "jinaorleans-silo:latest";

    public string GatewayImage { get; init; } = "jinaorleans-gateway:latest";

    public string RedisImage { get; init; } = "redis:7";

    public int SiloReplicas { get; init; } = 2;

    /// <summary>The gateway's ports: the flow's, or 12345 when the flow leaves them free (0).</summary>
    public IReadOnlyList<int> GatewayPorts => [.. Flow.Gateway.Ports.Select(p => p == 0 ? 12345 : p)];

    /// <summary>The first gRPC port of the gateway, where the gRPC health checks go; null when it serves no gRPC.</summary>
    public int? GrpcPort => Flow.Gateway.Protocols.IndexOf(GatewayProtocol.Grpc) is var i and >= 0 && i < GatewayPorts.Count ? GatewayPorts[i] : null;

    public string FlowFileName => Path.GetFileName(FlowFile);

    /// <summary>The gateway's <c>/metrics</c> port (<c>monitoring: true</c> in the flow's <c>with:</c>); null without monitoring.</summary>
    public int? GatewayMonitoringPort => Published(GatewayMonitoring, DefaultGatewayMonitoringPort);

    /// <summary>
    /// The silos' <c>/metrics</c> port: the silos host every executor, so it is their executors' <c>port_monitoring</c>
    /// (they must agree, as a silo requires); null when no executor asks for monitoring.
    /// </summary>
    public int? SiloMonitoringPort => Published(SiloMonitoring, DefaultSiloMonitoringPort);

    private MonitoringSettings? GatewayMonitoring => Flow.Gateway.Monitoring is { Monitoring: true } m ? m : null;

    private MonitoringSettings? SiloMonitoring => Flow.Executors.FirstOrDefault(e => !e.External && e.Monitoring.Monitoring)?.Monitoring;

    public string[] RedisCommand => ["redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"];

    /// <summary>The silo's command line; a monitoring port the flow leaves free is fixed here, where it can be published.</summary>
    public string[] SiloArguments(string flowPath, string redis) =>
        ["--flow", flowPath, "--executors", "/executors", "--redis", redis, .. FixedPort(SiloMonitoring, DefaultSiloMonitoringPort)];

    /// <summary>The gateway's command line; a monitoring port the flow leaves free is fixed here, where it can be published.</summary>
    public string[] GatewayArguments(string flowPath, string redis) =>
        ["--flow", flowPath, "--redis", redis, "--port", string.Join(',', GatewayPorts), .. FixedPort(GatewayMonitoring, DefaultGatewayMonitoringPort)];

    /// <summary>The port <paramref name="monitoring"/> serves on in a container: its own, or <paramref name="fallback"/> for a free one (0).</summary>
    private static int? Published(MonitoringSettings? monitoring, int fallback) =>
        monitoring is null ? null : monitoring.PortMonitoring == 0 ? fallback : monitoring.PortMonitoring;

    /// <summary><c>--port-monitoring</c> with <paramref name="fallback"/> when <paramref name="monitoring"/> leaves its port free; else nothing.</summary>
    private static string[] FixedPort(MonitoringSettings? monitoring, int fallback) =>
        monitoring is { PortMonitoring: 0 } ? ["--port-monitoring", fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
}
