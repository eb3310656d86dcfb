using JinaOrleans.Configuration;
using JinaOrleans.Tests.Support;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Tests.GatewayHost.Export;

/// <summary>
/// <c>GatewayHost --flow f.yml --export-kubernetes DIR</c>, run as the command. No Kubernetes runs here: every
/// generated document is parsed and its kinds, labels and selectors, ports, probes, images and RBAC checked, and the
/// flow YAML in the ConfigMap read back.
/// </summary>
public sealed class KubernetesExportTests
{
    private static readonly string Seed = Path.Combine(RepositoryPaths.Root, "samples", "flows", "seed.yml");

    [Fact]
    public async Task Deploy_kubernetes_is_the_export_of_the_seed_flow()
    {
        var directory = await ExportAsync(Seed);
        var committed = Path.Combine(RepositoryPaths.Root, "deploy", "kubernetes");

        Assert.Equal(Names(committed), Names(directory));
        foreach (var name in Names(directory))
        {
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(committed, name)), await File.ReadAllTextAsync(Path.Combine(directory, name)));
        }
    }

    [Fact]
    public async Task Every_document_has_its_kind_matching_selectors_ports_probes_images_and_the_silos_rbac()
    {
        var documents = Documents(await ExportAsync(Seed));

        Assert.Equal(
            ["ConfigMap flow", "Deployment gateway", "Deployment redis", "Deployment silo", "PodDisruptionBudget silo", "Role silo", "RoleBinding silo", "Service gateway", "Service redis", "ServiceAccount silo"],
            documents.Select(d => $"{S(d, "kind")} {S(d, "metadata", "name")}").Order(StringComparer.Ordinal));

        foreach (var deployment in documents.Where(d => S(d, "kind") == "Deployment"))
        {
            var selector = Map(deployment, "spec", "selector", "matchLabels");
            var podLabels = Map(deployment, "spec", "template", "metadata", "labels");
            Assert.NotEmpty(selector.Children);
            Assert.All(selector.Children, l => Assert.Equal(l.Value.ToString(), podLabels[l.Key].ToString()));
            var container = (YamlMappingNode)Assert.Single((YamlSequenceNode)Map(deployment, "spec", "template", "spec")["containers"]);
            Assert.NotNull(Map(container, "resources", "requests")["cpu"]);
            Assert.NotNull(Map(container, "resources", "requests")["memory"]);
            Assert.Equal("true", S(Map(deployment, "spec", "template", "spec"), "securityContext", "runAsNonRoot"));
        }

        foreach (var service in documents.Where(d => S(d, "kind") == "Service"))
        {
            var target = documents.Single(d => S(d, "kind") == "Deployment" && S(d, "metadata", "name") == S(service, "metadata", "name"));
            var podLabels = Map(target, "spec", "template", "metadata", "labels");
            Assert.All(Map(service, "spec", "selector").Children, l => Assert.Equal(l.Value.ToString(), podLabels[l.Key].ToString()));
        }

        var silo = Container(documents, "silo");
        Assert.Equal("jinaorleans-silo:latest", S(silo, "image"));
        Assert.Equal(["5000", "11111", "30000"], Seq(silo, "ports").Select(p => S(p, "containerPort")));
        Assert.Equal("5000", S(silo, "readinessProbe", "grpc", "port"));
        Assert.Equal("5000", S(silo, "livenessProbe", "grpc", "port"));
        Assert.Equal(["--flow", "/etc/jinaorleans/seed.yml", "--executors", "/executors", "--redis", "redis:6379", "--kubernetes"], Strings(silo, "args"));
        Assert.Equal(["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID"], Seq(silo, "env").Select(e => S(e, "name")));
        var siloPod = Map(Deployment(documents, "silo"), "spec", "template");
        Assert.Equal("jinaorleans", S(siloPod, "metadata", "labels", "orleans/clusterId"));
        Assert.Equal("silo", S(siloPod, "spec", "serviceAccountName"));
        Assert.Equal("2", S(Deployment(documents, "silo"), "spec", "replicas"));

        var gateway = Container(documents, "gateway");
        Assert.Equal("jinaorleans-gateway:latest", S(gateway, "image"));
        Assert.Equal("12345", S(gateway, "readinessProbe", "grpc", "port"));
        Assert.Equal(["12345"], Seq(documents.Single(d => S(d, "kind") == "Service" && S(d, "metadata", "name") == "gateway"), "spec", "ports").Select(p => S(p, "port")));
        Assert.Equal("redis:7", S(Container(documents, "redis"), "image"));

        // Orleans' Kubernetes hosting watches and deletes silo pods: the Role allows it, bound to the silos' account.
        var role = documents.Single(d => S(d, "kind") == "Role");
        var rule = Assert.Single(Seq(role, "rules"));
        Assert.Equal(["pods"], Strings(rule, "resources"));
        Assert.Subset(Strings(rule, "verbs").ToHashSet(), new HashSet<string> { "get", "list", "watch", "delete" });
        var binding = documents.Single(d => S(d, "kind") == "RoleBinding");
        Assert.Equal("silo", S(binding, "roleRef", "name"));
        Assert.Equal("ServiceAccount silo", string.Join(' ', S(Assert.Single(Seq(binding, "subjects")), "kind"), S(Seq(binding, "subjects")[0], "name")));

        var budget = documents.Single(d => S(d, "kind") == "PodDisruptionBudget");
        Assert.Equal("1", S(budget, "spec", "minAvailable"));
        Assert.All(Map(budget, "spec", "selector", "matchLabels").Children, l => Assert.Equal(l.Value.ToString(), Map(siloPod, "metadata", "labels")[l.Key].ToString()));
    }

    [Fact]
    public async Task The_flow_yaml_round_trips_through_the_config_map_mounted_where_the_flow_argument_points()
    {
        var documents = Documents(await ExportAsync(Seed));
        var configMap = documents.Single(d => S(d, "kind") == "ConfigMap");
        var text = S(configMap, "data", "seed.yml");

        Assert.Equal(await File.ReadAllTextAsync(Seed), text);
        var parsed = FlowYaml.Parse(text, "configmap", RepositoryPaths.Root);
        Assert.Equal(["FooExecutor:3", "BarExecutor:2"], parsed.Executors.Select(e => $"{e.Uses}:{e.Replicas}"));
        foreach (var component in new[] { "silo", "gateway" })
        {
            var pod = Map(Deployment(documents, component), "spec", "template", "spec");
            var volume = Assert.Single(Seq(pod, "volumes"));
            Assert.Equal("flow", S(volume, "configMap", "name"));
            var mount = Assert.Single(Seq(Container(documents, component), "volumeMounts"));
            Assert.Equal(S(volume, "name"), S(mount, "name"));
            var args = Strings(Container(documents, component), "args");
            Assert.Equal(S(mount, "mountPath") + "/seed.yml", args[Array.IndexOf(args, "--flow") + 1]);
        }
    }

    [Fact]
    public async Task A_flow_serving_http_and_grpc_gets_a_service_port_each_and_probes_on_the_grpc_port()
    {
        var flow = FlowFiles.Write("jtype: Flow\nwith:\n  protocol: [http, grpc]\n  port: [8080, 5555]\nexecutors:\n  - uses: FooExecutor\n", "two.yml");
        var documents = Documents(await ExportAsync(flow));

        var service = documents.Single(d => S(d, "kind") == "Service" && S(d, "metadata", "name") == "gateway");
        Assert.Equal(["8080", "5555"], Seq(service, "spec", "ports").Select(p => S(p, "port")));
        var gateway = Container(documents, "gateway");
        Assert.Equal(["8080", "5555"], Seq(gateway, "ports").Select(p => S(p, "containerPort")));
        Assert.Equal("5555", S(gateway, "readinessProbe", "grpc", "port"));
        Assert.Equal("8080,5555", Strings(gateway, "args")[^1]);
    }

    [Fact]
    public async Task A_monitored_flow_names_its_metrics_ports_on_the_gateway_its_service_and_the_silos_with_scrape_annotations()
    {
        // port_monitoring given: the silos read it from the flow file; the gateway's free port is fixed at 9090.
        var flow = FlowFiles.Write("jtype: Flow\nwith:\n  monitoring: true\nexecutors:\n  - uses: FooExecutor\n    port_monitoring: 9200\n", "monitored.yml");
        var documents = Documents(await ExportAsync(flow));

        var gateway = Container(documents, "gateway");
        Assert.Equal(["12345", "9090"], Seq(gateway, "ports").Select(p => S(p, "containerPort")));
        Assert.Equal("monitoring", S(Seq(gateway, "ports")[^1], "name"));
        Assert.Equal(["--port-monitoring", "9090"], Strings(gateway, "args")[^2..]);
        var service = documents.Single(d => S(d, "kind") == "Service" && S(d, "metadata", "name") == "gateway");
        Assert.Equal(["12345", "9090"], Seq(service, "spec", "ports").Select(p => S(p, "port")));
        var silo = Container(documents, "silo");
        Assert.Equal(["5000", "11111", "30000", "9200"], Seq(silo, "ports").Select(p => S(p, "containerPort")));
        Assert.DoesNotContain("--port-monitoring", Strings(silo, "args"));
        foreach (var (name, port) in new[] { ("gateway", "9090"), ("silo", "9200") })
        {
            var annotations = Map(Deployment(documents, name), "spec", "template", "metadata", "annotations");
            Assert.Equal("true", S(annotations, "prometheus.io/scrape"));
            Assert.Equal(port, S(annotations, "prometheus.io/port"));
            Assert.Equal("/metrics", S(annotations, "prometheus.io/path"));
        }

        // Without monitoring nothing of it appears.
        var plain = Documents(await ExportAsync(Seed));
        Assert.DoesNotContain("annotations", Map(Deployment(plain, "gateway"), "spec", "template", "metadata").Children.Keys.Select(k => k.ToString()));
    }

    private static async Task<string> ExportAsync(string flow)
    {
        var directory = Path.Combine(Directory.CreateTempSubdirectory("k8s-export").FullName, "out");
        var (code, stderr) = await TestGateway.RunToExitAsync("--flow", flow, "--export-kubernetes", directory);
        Assert.True(code == 0, stderr);
        return directory;
    }

    private static string[] Names(string directory) => [.. Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static List<YamlMappingNode> Documents(string directory)
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(directory, "*.yml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            documents.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }

        return documents;
    }

    private static YamlMappingNode Deployment(List<YamlMappingNode> documents, string name) =>
        documents.Single(d => S(d, "kind") == "Deployment" && S(d, "metadata", "name") == name);

    private static YamlMappingNode Container(List<YamlMappingNode> documents, string name) =>
        (YamlMappingNode)Assert.Single((YamlSequenceNode)Map(Deployment(documents, name), "spec", "template", "spec")["containers"]);

    private static YamlNode Node(YamlNode node, params string[] path) => path.Aggregate(node, (n, key) => ((YamlMappingNode)n)[key]);

    private static YamlMappingNode Map(YamlNode node, params string[] path) => (YamlMappingNode)Node(node, path);

    private static string S(YamlNode node, params string[] path) => Node(node, path).ToString();

    private static List<YamlMappingNode> Seq(YamlNode node, params string[] path) => [.. ((YamlSequenceNode)Node(node, path)).Cast<YamlMappingNode>()];

    private static string[] Strings(YamlNode node, params string[] path) => [.. ((YamlSequenceNode)Node(node, path)).Select(n => n.ToString())];
}
