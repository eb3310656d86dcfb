using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Hosting;

/// <summary>
/// The C# <see cref="Deployment"/>: one executor served on Jina's worker protocol (a grpcio peer calls it as a Jina
/// gateway would) or behind a gateway of its own (the .NET client posts to it), in code and from a YAML file.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Without_a_gateway_the_executor_answers_jinas_worker_protocol()
    {
        await using var deployment = Quiet(Deployment.Of<FooExecutor>(name: "foo", replicas: 2, host: "127.0.0.1", includeGateway: false));
        await deployment.StartAsync();

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [$"127.0.0.1:{deployment.Port}", "single"], Timeout);
        var discovery = await PythonPeer.RunAsync("jina_grpc_client.py", [$"127.0.0.1:{deployment.Port}", "discovery"], Timeout);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["hello, world!", "hello, world!"], lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.True(discovery.ExitCode == 0, discovery.Stderr);
        Assert.Contains("/default", discovery.Lines[0].GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_gateway_the_dotnet_client_posts_to_it()
    {
        await using var deployment = Quiet(Deployment.Of<FooExecutor>(name: "foo", replicas: 2, host: "127.0.0.1"));
        await deployment.StartAsync();
        using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: deployment.Port);

        var response = await client.PostStreamAsync("/", DocumentArray.Empty(3)).SingleAsync();

        Assert.Equal(["hello, world!", "hello, world!", "hello, world!"], response.Docs.Texts);
        Assert.Equal(["gateway", "foo"], response.Routes.Select(r => r.Executor));
    }

    [Fact]
    public async Task A_deployment_yaml_with_an_http_gateway_is_served()
    {
        var file = FlowFiles.Write("""
            jtype: Deployment
            with:
              name: foo
              uses: FooExecutor
              replicas: 2
              protocol: http
              host: 127.0.0.1
              port: 0
            """);
        await using var deployment = Quiet(Deployment.Load(file));
        deployment.ExecutorTypes.Register(typeof(FooExecutor));
        await deployment.StartAsync();
        using var client = new JinaOrleans.Client.Client(host: $"http://127.0.0.1:{deployment.Port}");

        var docs = await client.PostAsync("/", DocumentArray.Empty(2));

        Assert.Equal(GatewayProtocol.Http, deployment.Definition.Gateway.Protocols[0]);
        Assert.Equal(["hello, world!", "hello, world!"], docs.Texts);
    }

    [Fact]
    public void A_flow_file_is_not_a_deployment()
    {
        var file = FlowFiles.Write("jtype: Flow\nexecutors:\n  - uses: FooExecutor\n");

        var error = Assert.Throws<JinaOrleans.Configuration.FlowConfigurationException>(() => Deployment.Load(file));

        Assert.Contains("not a Deployment", error.Message, StringComparison.Ordinal);
    }

    private static Deployment Quiet(Deployment deployment)
    {
        deployment.ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None);
        return deployment;
    }
}
