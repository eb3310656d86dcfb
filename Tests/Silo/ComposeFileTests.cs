using System.Diagnostics;
using JinaOrleans.Tests.Support;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// docker-compose.yml checked by structure (no Docker engine runs on these machines), and by
/// <c>docker compose config</c> where a docker client with compose is installed.
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
        Assert.Contains("12345:12345", Sequence(gateway, "ports"));
        Assert.False(silo.Children.ContainsKey("ports"), "silos must not publish ports");
        var networks = Mapping(compose, "networks");
        Assert.Equal(["cluster"], Sequence(silo, "networks"));
        Assert.Equal(["cluster", "public"], Sequence(gateway, "networks").Order(StringComparer.Ordinal));
        Assert.Equal("true", Mapping(networks, "cluster")["internal"].ToString());
        foreach (var service in new[] { gateway, silo })
        {
            var build = Mapping(service, "build");
            Assert.Equal(".", build["context"].ToString());
            Assert.True(File.Exists(Path.Combine(Root, build["dockerfile"].ToString())), $"{build["dockerfile"]} does not exist");
        }
    }

    [Theory]
    [InlineData("Silo/Dockerfile", "Silo.dll", "--redis\", \"redis:6379")]
    [InlineData("GatewayHost/Dockerfile", "GatewayHost.dll", "--redis\", \"redis:6379")]
    public void Dockerfiles_are_multi_stage_and_run_as_a_non_root_user(string path, string entry, string expected)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, path));

        Assert.Equal(2, lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal));
        var user = Assert.Single(lines, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.NotEqual("USER root", user.Trim());
        Assert.True(Array.IndexOf(lines, user) > Array.FindLastIndex(lines, l => l.StartsWith("FROM ", StringComparison.Ordinal)), "USER must apply to the final stage");
        Assert.Contains(lines, l => l.Contains(entry, StringComparison.Ordinal) && l.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("CMD", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
        foreach (var copied in lines.Where(l => l.StartsWith("COPY samples/", StringComparison.Ordinal)))
        {
            Assert.True(Directory.Exists(Path.Combine(Root, copied.Split(' ')[1])), copied);
        }
    }

    [Fact]
    public void The_flow_the_images_run_parses()
    {
        var flow = JinaOrleans.Configuration.FlowYaml.Load(Path.Combine(Root, "samples", "flows", "seed.yml"));

        Assert.Equal(["FooExecutor", "BarExecutor"], flow.Executors.Select(e => e.Uses));
        Assert.Equal([12345], flow.Gateway.Ports.ToArray());
    }

    [Fact]
    public async Task Docker_compose_config_accepts_the_file_where_compose_is_installed()
    {
        if (!await SucceedsAsync("docker", "compose", "version"))
        {
            // No compose plugin on this machine (no Docker engine runs here either): the structural tests above stand.
            return;
        }

        Assert.True(await SucceedsAsync("docker", "compose", "-f", Path.Combine(Root, "docker-compose.yml"), "config", "--quiet"));
    }

    private static async Task<bool> SucceedsAsync(string file, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
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
