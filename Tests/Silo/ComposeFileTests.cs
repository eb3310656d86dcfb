using JinaOrleans.Tests.Support;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// docker-compose.yml and the Dockerfiles checked by structure, and the compose file by the compose CLI's own
/// <c>config</c> (scripts/test.sh installs it); <see cref="ComposeTests"/> runs them on a Docker engine.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Root = RepositoryPaths.Root;

    [Fact]
    public void Compose_file_has_redis_a_gateway_and_two_silo_replicas_on_a_private_network()
    {
        var compose = Load("docker-compose.yml");
        var services = Mapping(compose, "services");
        var gateway = Mapping(services, "gateway");
        var silo = Mapping(services, "silo");
        var redis = Mapping(services, "redis");

        Assert.Equal(["gateway", "redis", "silo"], services.Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.False(compose.Children.ContainsKey("name"), "a top-level name: is not valid for docker-compose v1");
        Assert.Equal(["cluster"], Sequence(redis, "networks"));
        Assert.False(redis.Children.ContainsKey("ports"), "redis must not publish ports");
        Assert.Equal("2", Mapping(silo, "deploy")["replicas"].ToString());
        Assert.Equal(["127.0.0.1:${GATEWAY_PORT:-12345}:12345"], Sequence(gateway, "ports"));
        Assert.False(silo.Children.ContainsKey("ports"), "silos must not publish ports");
        var networks = Mapping(compose, "networks");
        Assert.Equal(["cluster"], Sequence(silo, "networks"));
        Assert.Equal(["cluster", "public"], Sequence(gateway, "networks").Order(StringComparer.Ordinal));
        Assert.Equal("true", Mapping(networks, "cluster")["internal"].ToString());
        Assert.Equal("40s", silo["stop_grace_period"].ToString());
        foreach (var service in new[] { gateway, silo, redis })
        {
            Assert.True(Mapping(service, "healthcheck").Children.ContainsKey("test"), "every service has a health check");
        }

        Assert.Equal("${SILO_IMAGE:-jinaorleans-silo}:${TAG:-latest}", silo["image"].ToString());
        Assert.Equal("${GATEWAY_IMAGE:-jinaorleans-gateway}:${TAG:-latest}", gateway["image"].ToString());
        Assert.Equal("${REDIS_IMAGE:-redis:7}", redis["image"].ToString());
        foreach (var service in new[] { gateway, silo })
        {
            // The flow file is mounted from the repository; the image's copy of the same file is only a default.
            Assert.Equal(["./samples/flows/seed.yml:/flows/seed.yml:ro"], Sequence(service, "volumes"));
            Assert.True(File.Exists(Path.Combine(Root, "samples", "flows", "seed.yml")));
        }
    }

    [Theory]
    [InlineData("Silo/Dockerfile", "/app/Silo", "--redis\", \"redis:6379", "artifacts/docker/silo/")]
    [InlineData("GatewayHost/Dockerfile", "/app/GatewayHost", "--redis\", \"redis:6379", "artifacts/docker/gateway/")]
    public void Dockerfiles_take_the_base_image_as_an_argument_copy_a_publish_and_run_as_a_non_root_user(string path, string entry, string expected, string publish)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, path));

        Assert.Equal("ARG BASE_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0", Assert.Single(lines, l => l.StartsWith("ARG ", StringComparison.Ordinal)));
        Assert.Equal("FROM ${BASE_IMAGE}", Assert.Single(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith($"COPY {publish} /app/", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("RUN ", StringComparison.Ordinal));
        var user = Assert.Single(lines, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.Equal("USER 1654:1654", user.Trim());
        Assert.Contains(lines, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.Contains(entry, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(entry, StringComparison.Ordinal) && l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("CMD", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
        foreach (var copied in lines.Where(l => l.StartsWith("COPY samples/", StringComparison.Ordinal)))
        {
            Assert.True(Directory.Exists(Path.Combine(Root, copied.Split(' ')[1])), copied);
        }

        // The build context holds only what the Dockerfiles copy.
        Assert.Equal(["*", "!artifacts/docker/", "!samples/flows/"], File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Where(l => !l.StartsWith('#')));
    }

    [Fact]
    public void The_flow_the_images_run_parses()
    {
        var flow = JinaOrleans.Configuration.FlowYaml.Load(Path.Combine(Root, "samples", "flows", "seed.yml"));

        Assert.Equal(["FooExecutor", "BarExecutor"], flow.Executors.Select(e => e.Uses));
        Assert.Equal([12345], flow.Gateway.Ports.ToArray());
    }

    [Fact]
    public async Task The_compose_cli_accepts_the_file()
    {
        var (code, stdout, stderr) = await Docker.ComposeAsync(["-f", Path.Combine(Root, "docker-compose.yml"), "config"], TimeSpan.FromSeconds(60));

        Assert.True(code == 0, $"{Docker.ComposeName} config exited {code} (scripts/test.sh installs docker-compose): {stderr}");
        Assert.Contains("127.0.0.1", stdout, StringComparison.Ordinal);
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Root, path))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string[] Sequence(YamlMappingNode node, string key) => ((YamlSequenceNode)node[key]).Select(n => n.ToString()).ToArray();
}
