using static JinaOrleans.GatewayHost.Export.YamlDocuments;

namespace JinaOrleans.GatewayHost.Export;

/// <summary>
/// <c>GatewayHost --flow f.yml --export-kubernetes DIR</c>, like Jina's <c>to_kubernetes_yaml</c>: one file per
/// component. The silos run with Orleans' Kubernetes hosting (<c>Silo --kubernetes</c>: ids from the pod labels,
/// POD_IP, dead silos' pods deleted, hence the RBAC) and keep their membership in Redis; the flow YAML is a
/// ConfigMap; probes are gRPC health checks; a PodDisruptionBudget keeps a silo up through voluntary disruptions.
/// With <c>monitoring: true</c> the gateway's and the silos' <c>/metrics</c> ports are container ports named
/// <c>monitoring</c> (the gateway's on its Service too), and their pods carry the <c>prometheus.io/*</c> annotations.
/// </summary>
internal static class KubernetesExport
{
    private const string FlowMount = "/etc/jinaorleans";
    private const string Redis = "redis:6379";

    /// <summary>File name → content (one or more YAML documents).</summary>
    public static IReadOnlyDictionary<string, string> Render(ExportTarget target) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["flow-configmap.yml"] = Write(FlowConfigMap(target)),
        ["redis.yml"] = Write(RedisDeployment(target), Service("redis", [("redis", 6379)])),
        ["silo.yml"] = Write(
            Map(("apiVersion", "v1"), ("kind", "ServiceAccount"), ("metadata", Metadata("silo"))),
            SiloRole(),
            SiloRoleBinding(),
            SiloDeployment(target),
            Map(
                ("apiVersion", "policy/v1"),
                ("kind", "PodDisruptionBudget"),
                ("metadata", Metadata("silo")),
                ("spec", Map(("minAvailable", 1), ("selector", Map(("matchLabels", Selector("silo")))))))),
        ["gateway.yml"] = Write(
            GatewayDeployment(target),
            Service("gateway", [.. target.GatewayPorts.Select((p, i) => ($"port{i}", p)), .. target.GatewayMonitoringPort is { } m ? [("monitoring", m)] : Array.Empty<(string, int)>()])),
    };

    public static Dictionary<string, object?> Metadata(string component, Dictionary<string, object?>? extraLabels = null)
    {
        var labels = Selector(component);
        foreach (var (key, value) in extraLabels ?? [])
        {
            labels[key] = value;
        }

        return Map(("name", component), ("labels", labels));
    }

    public static Dictionary<string, object?> Selector(string component) =>
        Map(("app.kubernetes.io/name", component), ("app.kubernetes.io/part-of", "jinaorleans"));

    private static Dictionary<string, object?> FlowConfigMap(ExportTarget target) => Map(
        ("apiVersion", "v1"),
        ("kind", "ConfigMap"),
        ("metadata", Map(("name", "flow"), ("labels", Map(("app.kubernetes.io/part-of", "jinaorleans"))))),
        ("data", Map((target.FlowFileName, target.FlowYaml))));

    private static Dictionary<string, object?> SiloRole() => Map(
        ("apiVersion", "rbac.authorization.k8s.io/v1"),
        ("kind", "Role"),
        ("metadata", Metadata("silo")),
        ("rules", new[]
        {
            // Orleans' Kubernetes hosting watches the silo pods and deletes those of silos declared dead.
            Map(("apiGroups", List("")), ("resources", List("pods")), ("verbs", List("get", "watch", "list", "delete", "patch"))),
        }));

    private static Dictionary<string, object?> SiloRoleBinding() => Map(
        ("apiVersion", "rbac.authorization.k8s.io/v1"),
        ("kind", "RoleBinding"),
        ("metadata", Metadata("silo")),
        ("subjects", new[] { Map(("kind", "ServiceAccount"), ("name", "silo")) }),
        ("roleRef", Map(("apiGroup", "rbac.authorization.k8s.io"), ("kind", "Role"), ("name", "silo"))));

    private static Dictionary<string, object?> SiloDeployment(ExportTarget target)
    {
        var orleansLabels = Map(("orleans/clusterId", ExportTarget.ClusterId), ("orleans/serviceId", ExportTarget.ClusterId));
        var container = Map(
            ("name", "silo"),
            ("image", target.SiloImage),
            ("args", (string[])[.. target.SiloArguments($"{FlowMount}/{target.FlowFileName}", Redis), "--kubernetes"]),
            ("ports", (Dictionary<string, object?>[])
            [
                Port("worker", ExportTarget.WorkerPort),
                Port("silo", ExportTarget.SiloPort),
                Port("gateway", ExportTarget.SiloGatewayPort),
                .. MonitoringPorts(target.SiloMonitoringPort),
            ]),
            ("env", new[]
            {
                FieldEnv("POD_NAME", "metadata.name"),
                FieldEnv("POD_NAMESPACE", "metadata.namespace"),
                FieldEnv("POD_IP", "status.podIP"),
                FieldEnv("ORLEANS_CLUSTER_ID", "metadata.labels['orleans/clusterId']"),
                FieldEnv("ORLEANS_SERVICE_ID", "metadata.labels['orleans/serviceId']"),
            }),
            ("readinessProbe", GrpcProbe(ExportTarget.WorkerPort, initialDelay: 5, period: 5)),
            ("livenessProbe", GrpcProbe(ExportTarget.WorkerPort, initialDelay: 60, period: 10)),
            ("resources", Resources("250m", "256Mi")),
            ("volumeMounts", new[] { Map(("name", "flow"), ("mountPath", FlowMount), ("readOnly", true)) }));
        return Deployment("silo", target.SiloReplicas, orleansLabels, container, serviceAccount: "silo", terminationGrace: 40, target.SiloMonitoringPort);
    }

    private static Dictionary<string, object?> GatewayDeployment(ExportTarget target)
    {
        var probePort = target.GrpcPort ?? target.GatewayPorts[0];
        var container = Map(
            ("name", "gateway"),
            ("image", target.GatewayImage),
            ("args", target.GatewayArguments($"{FlowMount}/{target.FlowFileName}", Redis)),
            ("ports", (Dictionary<string, object?>[])[.. target.GatewayPorts.Select((p, i) => Port($"port{i}", p)), .. MonitoringPorts(target.GatewayMonitoringPort)]),
            ("readinessProbe", target.GrpcPort is null ? TcpProbe(probePort, 5, 5) : GrpcProbe(probePort, initialDelay: 5, period: 5)),
            ("livenessProbe", target.GrpcPort is null ? TcpProbe(probePort, 30, 10) : GrpcProbe(probePort, initialDelay: 30, period: 10)),
            ("resources", Resources("100m", "128Mi")),
            ("volumeMounts", new[] { Map(("name", "flow"), ("mountPath", FlowMount), ("readOnly", true)) }));
        return Deployment("gateway", 1, null, container, serviceAccount: null, terminationGrace: 20, target.GatewayMonitoringPort);
    }

    private static Dictionary<string, object?> RedisDeployment(ExportTarget target)
    {
        var container = Map(
            ("name", "redis"),
            ("image", target.RedisImage),
            ("command", target.RedisCommand),
            ("ports", new[] { Port("redis", 6379) }),
            ("readinessProbe", TcpProbe(6379, 2, 5)),
            ("livenessProbe", TcpProbe(6379, 10, 10)),
            ("resources", Resources("50m", "64Mi")));
        return Deployment("redis", 1, null, container, serviceAccount: null, terminationGrace: null, flowVolume: false);
    }

    /// <summary>The container port named <c>monitoring</c>, when there is one.</summary>
    private static Dictionary<string, object?>[] MonitoringPorts(int? port) => port is { } p ? [Port("monitoring", p)] : [];

    /// <summary>The annotations Prometheus' Kubernetes service discovery reads to scrape a pod's <c>/metrics</c>.</summary>
    private static Dictionary<string, object?>? ScrapeAnnotations(int? port) => port is { } p
        ? Map(("prometheus.io/scrape", "true"), ("prometheus.io/port", p.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("prometheus.io/path", "/metrics"))
        : null;

    private static Dictionary<string, object?> Deployment(string component, int replicas, Dictionary<string, object?>? podLabels, Dictionary<string, object?> container, string? serviceAccount, int? terminationGrace, int? monitoringPort = null, bool flowVolume = true) => Map(
        ("apiVersion", "apps/v1"),
        ("kind", "Deployment"),
        ("metadata", Metadata(component)),
        ("spec", Map(
            ("replicas", replicas),
            ("selector", Map(("matchLabels", Selector(component)))),
            ("template", Map(
                ("metadata", Map(("labels", Metadata(component, podLabels)["labels"]), ("annotations", ScrapeAnnotations(monitoringPort)))),
                ("spec", Map(
                    ("serviceAccountName", serviceAccount),
                    ("terminationGracePeriodSeconds", terminationGrace),
                    ("securityContext", Map(("runAsNonRoot", true), ("runAsUser", component == "redis" ? 999 : 1654))),
                    ("containers", new[] { container }),
                    ("volumes", flowVolume ? new[] { Map(("name", "flow"), ("configMap", Map(("name", "flow")))) } : null))))))));

    private static Dictionary<string, object?> Service(string component, (string Name, int Port)[] ports) => Map(
        ("apiVersion", "v1"),
        ("kind", "Service"),
        ("metadata", Metadata(component)),
        ("spec", Map(
            ("selector", Selector(component)),
            ("ports", ports.Select(p => Map(("name", p.Name), ("port", p.Port), ("targetPort", p.Port))).ToArray()))));

    private static Dictionary<string, object?> Port(string name, int port) => Map(("name", name), ("containerPort", port));

    private static Dictionary<string, object?> FieldEnv(string name, string path) =>
        Map(("name", name), ("valueFrom", Map(("fieldRef", Map(("fieldPath", path))))));

    private static Dictionary<string, object?> GrpcProbe(int port, int initialDelay, int period) =>
        Map(("grpc", Map(("port", port))), ("initialDelaySeconds", initialDelay), ("periodSeconds", period), ("failureThreshold", 3));

    private static Dictionary<string, object?> TcpProbe(int port, int initialDelay, int period) =>
        Map(("tcpSocket", Map(("port", port))), ("initialDelaySeconds", initialDelay), ("periodSeconds", period));

    private static Dictionary<string, object?> Resources(string cpu, string memory) =>
        Map(("requests", Map(("cpu", cpu), ("memory", memory))));
}
