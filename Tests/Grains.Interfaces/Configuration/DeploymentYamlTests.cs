using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Configuration;

/// <summary>Jina's Deployment YAML (<c>jtype: Deployment</c>) read as a one-executor definition.</summary>
public sealed class DeploymentYamlTests
{
    [Fact]
    public void The_executors_keys_and_the_serving_keys_of_with_go_to_the_executor_and_the_gateway()
    {
        var definition = FlowYaml.Parse("""
            jtype: Deployment
            with:
              name: encoder
              uses: FooExecutor
              replicas: 2
              shards: 3
              polling: ALL
              uses_with:
                greeting: hi
              port: 12345
              protocol: grpc
              include_gateway: false
            """, "dep.yml", ".");

        var executor = Assert.Single(definition.Executors);
        Assert.Equal("encoder", executor.Name);
        Assert.Equal("encoder", definition.Name);
        Assert.Equal("FooExecutor", executor.Uses);
        Assert.Equal(2, executor.Replicas);
        Assert.Equal(3, executor.Shards);
        Assert.Equal("hi", executor.UsesWith["greeting"]);
        Assert.Equal([12345], definition.Gateway.Ports.ToArray());
        Assert.Equal(new DeploymentSettings { IncludeGateway = false, Port = 12345 }, definition.Deployment);
    }

    [Fact]
    public void Include_gateway_is_the_default_and_a_flow_file_is_no_deployment()
    {
        var deployment = FlowYaml.Parse("jtype: Deployment\nwith:\n  uses: FooExecutor\n", "dep.yml", ".");
        var flow = FlowYaml.Parse("jtype: Flow\nexecutors:\n  - uses: FooExecutor\n", "flow.yml", ".");

        Assert.True(deployment.Deployment!.IncludeGateway);
        Assert.Null(deployment.Deployment.Port);
        Assert.Equal("executor", deployment.Executors[0].Name);
        Assert.Null(flow.Deployment);
    }

    [Theory]
    [InlineData("jtype: Deployment\nwith:\n  uses: FooExecutor\n  colour: blue\n", "dep.yml:4:", "with.colour")]
    [InlineData("jtype: Deployment\nwith:\n  uses: FooExecutor\n  protocol: http\n  include_gateway: false\n", "dep.yml:3:", "worker protocol")]
    [InlineData("jtype: Deployment\nwith:\n  uses: FooExecutor\n  needs: other\n", "dep.yml:3:", "no needs")]
    [InlineData("jtype: Deployment\nexecutors: []\n", "dep.yml:2:", "unknown top-level key")]
    [InlineData("jtype: Deployment\n", "dep.yml", "with: missing")]
    public void Mistakes_fail_with_file_and_line(string yaml, string where, string what)
    {
        var error = Assert.Throws<FlowConfigurationException>(() => FlowYaml.Parse(yaml, "dep.yml", "."));

        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }
}
