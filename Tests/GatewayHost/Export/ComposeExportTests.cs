using JinaOrleans.Tests.Support;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Tests.GatewayHost.Export;

/// <summary><c>GatewayHost --flow f.yml --export-compose FILE</c>, run as the command.</summary>
public sealed class ComposeExportTests
{
    [Fact]
    public async Task The_repositorys_docker_compose_file_is_the_export_of_the_seed_flow()
    {
        // Exported next to the committed file, so the flow's mount path is relative to the same directory.
        var exported = Path.Combine(RepositoryPaths.Root, $".compose-export-{Guid.NewGuid():N}.yml");
        try
        {
            var (code, stderr) = await TestGateway.RunToExitAsync("--flow", Path.Combine(RepositoryPaths.Root, "samples", "flows", "seed.yml"), "--export-compose", exported);

            Assert.True(code == 0, stderr);
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docker-compose.yml")), await File.ReadAllTextAsync(exported));
        }
        finally
        {
            File.Delete(exported);
        }
    }

    [Fact]
    public async Task A_two_protocol_flow_exports_its_ports_on_127_0_0_1_mounts_the_flow_and_passes_compose_config()
    {
        const string yaml = "jtype: Flow\nwith:\n  protocol: [http, grpc]\n  port: [8080, 5555]\nexecutors:\n  - uses: FooExecutor\n    replicas: 2\n";
        var (directory, output, gateway, silo) = await ExportAsync(yaml, "two.yml");

        Assert.Equal(["127.0.0.1:${GATEWAY_PORT:-8080}:8080", "127.0.0.1:5555:5555"], Strings(gateway["ports"]));
        Assert.Equal(["--flow", "/flows/two.yml", "--redis", "redis:6379", "--port", "8080,5555"], Strings(gateway["command"]));
        Assert.Equal(["--flow", "/flows/two.yml", "--executors", "/executors", "--redis", "redis:6379", "--log-level", "${SILO_LOG_LEVEL:-Warning}"], Strings(silo["command"]));
        // The health check asks the gRPC port (the second protocol) for a dry run.
        Assert.Contains("grpc://127.0.0.1:5555", Strings(((YamlMappingNode)gateway["healthcheck"])["test"]));
        foreach (var service in new[] { gateway, silo })
        {
            var mount = Assert.Single(Strings(service["volumes"]));
            Assert.Equal("./two.yml:/flows/two.yml:ro", mount);
            // The mounted file is the flow itself: what the containers read is what was exported.
            Assert.Equal(yaml, await File.ReadAllTextAsync(Path.Combine(directory, mount.Split(':')[0])));
        }

        await AssertComposeAcceptsAsync(output);
    }

    [Theory]
    [InlineData("  port_monitoring: 9100\n", "9100", "9100", false)]
    [InlineData("", "9090", "9091", true)]
    public async Task A_monitored_flow_publishes_the_gateways_metrics_port_and_exposes_the_silos(string portLine, string gatewayPort, string siloPort, bool fixedOnCommandLine)
    {
        var (_, output, gateway, silo) = await ExportAsync($"jtype: Flow\nwith:\n  monitoring: true\n{portLine}executors:\n  - uses: FooExecutor\n", "monitored.yml");
        Assert.Equal(["127.0.0.1:${GATEWAY_PORT:-12345}:12345", $"127.0.0.1:${{MONITORING_PORT:-{gatewayPort}}}:{gatewayPort}"], Strings(gateway["ports"]));
        Assert.Equal([siloPort], Strings(silo["expose"]));
        Assert.Equal(fixedOnCommandLine, Strings(gateway["command"]).Contains("--port-monitoring"));
        Assert.Equal(fixedOnCommandLine, Strings(silo["command"]).Contains("--port-monitoring"));
        if (fixedOnCommandLine)
        {
            Assert.Equal(["--port-monitoring", gatewayPort], Strings(gateway["command"])[^2..]);
            Assert.Contains(siloPort, Strings(silo["command"]));
        }

        await AssertComposeAcceptsAsync(output);
    }

    /// <summary>Writes <paramref name="yaml"/> as <paramref name="name"/> in a new folder and exports it there as compose.yml.</summary>
    private static async Task<(string Directory, string Output, YamlMappingNode Gateway, YamlMappingNode Silo)> ExportAsync(string yaml, string name)
    {
        var directory = Directory.CreateTempSubdirectory("compose-export").FullName;
        var flow = Path.Combine(directory, name);
        await File.WriteAllTextAsync(flow, yaml);
        var output = Path.Combine(directory, "compose.yml");
        var (code, stderr) = await TestGateway.RunToExitAsync("--flow", flow, "--export-compose", output);
        Assert.True(code == 0, stderr);
        var services = (YamlMappingNode)Load(output)["services"];
        return (directory, output, (YamlMappingNode)services["gateway"], (YamlMappingNode)services["silo"]);
    }

    private static async Task AssertComposeAcceptsAsync(string output)
    {
        var config = await Docker.ComposeAsync(["-f", output, "config", "-q"], TimeSpan.FromSeconds(60));
        Assert.True(config.Code == 0, $"{Docker.ComposeName} config: {config.Stderr}");
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static string[] Strings(YamlNode node) => [.. ((YamlSequenceNode)node).Select(n => n.ToString())];
}
