using System.Globalization;
using static JinaOrleans.GatewayHost.Export.YamlDocuments;

namespace JinaOrleans.GatewayHost.Export;

/// <summary>
/// <c>GatewayHost --flow f.yml --export-compose FILE</c>, like Jina's <c>to_docker_compose_yaml</c>: Redis for the
/// membership, the silos (2 replicas) and the gateway, the flow file mounted read-only, the gateway published on
/// 127.0.0.1. Valid for docker compose v2 and docker-compose v1 (no top-level <c>name:</c>). The repository's
/// docker-compose.yml is this export of samples/flows/seed.yml. With <c>monitoring: true</c> the gateway's
/// <c>/metrics</c> port is published on 127.0.0.1 too, and the silos' is exposed on the cluster network, where a
/// Prometheus on that network scrapes each silo.
/// </summary>
internal static class ComposeExport
{
    public static string Render(ExportTarget target, string outputFile)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputFile))!;
        var relative = Path.GetRelativePath(directory, target.FlowFile).Replace('\\', '/');
        var source = relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? relative : "./" + relative;
        var flowPath = "/flows/" + target.FlowFileName;
        var mount = new[] { $"{source}:{flowPath}:ro" };
        var first = target.GatewayPorts[0];
        string[] ports =
        [
            .. target.GatewayPorts.Select((p, i) => i == 0 ? $"127.0.0.1:${{GATEWAY_PORT:-{first}}}:{p}" : $"127.0.0.1:{p}:{p}"),
            .. target.GatewayMonitoringPort is { } monitoring ? [$"127.0.0.1:${{MONITORING_PORT:-{monitoring}}}:{monitoring}"] : Array.Empty<string>(),
        ];
        var siloExpose = target.SiloMonitoringPort is { } siloMonitoring ? new[] { siloMonitoring.ToString(CultureInfo.InvariantCulture) } : null;
        var gatewayHealth = target.GrpcPort is { } grpc
            ? new[] { "CMD", "/app/GatewayHost", "ping", "flow", string.Create(CultureInfo.InvariantCulture, $"grpc://127.0.0.1:{grpc}"), "--timeout", "4000" }
            : ["CMD", "/app/GatewayHost", "ping", "gateway", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{first}"), "--timeout", "4000"];

        var compose = Map(
            ("services", Map(
                ("redis", Map(
                    ("image", "${REDIS_IMAGE:-" + target.RedisImage + "}"),
                    ("user", "redis"),
                    ("command", target.RedisCommand),
                    ("networks", List("cluster")),
                    ("healthcheck", Health(["CMD", "redis-cli", "ping"], "2s", "3s", retries: 15, startPeriod: null)),
                    ("restart", "unless-stopped"))),
                ("silo", Map(
                    ("image", "${SILO_IMAGE:-" + WithoutTag(target.SiloImage) + "}:${TAG:-latest}"),
                    ("command", (string[])[.. target.SiloArguments(flowPath, "redis:6379"), "--log-level", "${SILO_LOG_LEVEL:-Warning}"]),
                    ("volumes", mount),
                    ("expose", siloExpose),
                    ("deploy", Map(("replicas", target.SiloReplicas))),
                    ("networks", List("cluster")),
                    ("depends_on", List("redis")),
                    ("healthcheck", Health(["CMD", "/app/Silo", "health", "--port", "5000"], "5s", "5s", retries: 3, startPeriod: "120s")),
                    ("stop_grace_period", "40s"),
                    ("restart", "unless-stopped"))),
                ("gateway", Map(
                    ("image", "${GATEWAY_IMAGE:-" + WithoutTag(target.GatewayImage) + "}:${TAG:-latest}"),
                    ("command", target.GatewayArguments(flowPath, "redis:6379")),
                    ("volumes", mount),
                    ("ports", ports),
                    ("networks", List("public", "cluster")),
                    ("depends_on", List("redis", "silo")),
                    ("healthcheck", Health(gatewayHealth, "5s", "5s", retries: 3, startPeriod: "120s")),
                    ("stop_grace_period", "20s"),
                    ("restart", "unless-stopped"))))),
            ("networks", Map(
                ("cluster", Map(("internal", true))),
                ("public", Map()))));

        return Header(target) + Write(compose);
    }

    private static Dictionary<string, object?> Health(string[] test, string interval, string timeout, int retries, string? startPeriod) =>
        Map(("test", test), ("interval", interval), ("timeout", timeout), ("start_period", startPeriod), ("retries", retries));

    private static string WithoutTag(string image) => image.LastIndexOf(':') is var i and > 0 && !image[i..].Contains('/', StringComparison.Ordinal) ? image[..i] : image;

    private static string Header(ExportTarget target) =>
        $"""
        # Exported by GatewayHost --flow {target.FlowFileName} --export-compose FILE: the flow as a cluster (Jina: to_docker_compose_yaml).
        # Redis holds the Orleans membership; the silos ({target.SiloReplicas} replicas) host every executor; the gateway is published
        # on 127.0.0.1. Redis and the silos are only on the internal network "cluster". Valid for docker compose v2 and v1.
        #   scripts/build-images.sh                   # self-contained publish, then the images jinaorleans-silo/-gateway
        #   docker compose up -d --wait               # (v1: docker-compose up -d)
        #   docker compose up -d --scale silo=4       # more silos: they join through Redis, the gateway finds them there
        #   docker compose down -v
        # Variables: GATEWAY_PORT, MONITORING_PORT (with monitoring: true), TAG (latest), SILO_IMAGE, GATEWAY_IMAGE, REDIS_IMAGE (machines without a registry:
        # local/redis:7 from scripts/build-base-images.sh), SILO_LOG_LEVEL (Warning; Debug logs each executor call).

        """;
}
