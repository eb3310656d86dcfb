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

    public string[] RedisCommand => ["redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"];

    public string[] SiloArguments(string flowPath, string redis) => ["--flow", flowPath, "--executors", "/executors", "--redis", redis];

    public string[] GatewayArguments(string flowPath, string redis) =>
        ["--flow", flowPath, "--redis", redis, "--port", string.Join(',', GatewayPorts)];
}
