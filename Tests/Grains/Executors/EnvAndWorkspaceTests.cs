using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary>
/// <c>env</c> and <c>workspace</c> through a running flow: an executor reads its variables from the process and its
/// metas, and gets Jina's <c>{workspace}/{name}/{shard}</c> folder; executors of one process that disagree on a
/// variable stop the start, naming both.
/// </summary>
public sealed class EnvAndWorkspaceTests
{
    [Fact]
    public async Task An_executor_sees_its_env_in_the_process_and_its_metas_and_the_old_values_come_back_when_the_flow_stops()
    {
        var fromYaml = Variable();
        var overridden = Variable();
        var unrelated = Variable();
        Environment.SetEnvironmentVariable(overridden, "before");
        try
        {
            var flow = EmbeddedFlowHost.Create($$"""
                jtype: Flow
                with:
                  env: {{{fromYaml}}: shared}
                executors:
                  - name: info
                    uses: RuntimeInfoExecutor
                    env:
                      {{fromYaml}}: shared
                      {{overridden}}: from-yaml
                """);
            await using (flow)
            {
                await flow.StartAsync();
                using var client = TestFlows.ClientFor(flow);

                var docs = await client.PostAsync("/", TestFlows.Texts(fromYaml, overridden, unrelated));

                Assert.Equal(["shared", "from-yaml", null], docs.Select(d => d.Tags["env"]));
                Assert.Equal(["shared", "from-yaml", null], docs.Select(d => d.Tags["metas_env"]));
            }

            Assert.Null(Environment.GetEnvironmentVariable(fromYaml));
            Assert.Equal("before", Environment.GetEnvironmentVariable(overridden));
        }
        finally
        {
            Environment.SetEnvironmentVariable(overridden, null);
        }
    }

    [Fact]
    public async Task Executors_that_set_one_variable_differently_stop_the_start_naming_both()
    {
        var variable = Variable();
        await using var flow = EmbeddedFlowHost.Create($$"""
            jtype: Flow
            executors:
              - name: left
                uses: RuntimeInfoExecutor
                env: {{{variable}}: one}
              - name: right
                uses: RuntimeInfoExecutor
                env: {{{variable}}: two}
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flow.StartAsync());

        Assert.Equal(
            $"env: executor 'left' and executor 'right' set {variable} to different values, but they share this process's environment; give them the same value, or host them in different processes (a silo's --host-executors).",
            error.Message);
        Assert.Null(Environment.GetEnvironmentVariable(variable));
    }

    [Fact]
    public async Task A_gateway_variable_an_executor_of_the_same_process_sets_differently_stops_the_start()
    {
        var variable = Variable();
        await using var flow = EmbeddedFlowHost.Create($$"""
            jtype: Flow
            with:
              env: {{{variable}}: gateway-value}
            executors:
              - name: own
                uses: RuntimeInfoExecutor
                env: {{{variable}}: executor-value}
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flow.StartAsync());

        Assert.Contains($"env: the gateway and executor 'own' set {variable} to different values", error.Message, StringComparison.Ordinal);
        Assert.Null(Environment.GetEnvironmentVariable(variable));
    }

    [Fact]
    public async Task Each_shard_gets_its_own_workspace_folder_under_the_workspace_and_the_executors_name()
    {
        var root = Directory.CreateTempSubdirectory("jinaorleans-ws-").FullName;
        var metasRoot = Directory.CreateTempSubdirectory("jinaorleans-ws-metas-").FullName;
        await using var flow = EmbeddedFlowHost.Create($$"""
            jtype: Flow
            executors:
              - name: indexer
                uses: RuntimeInfoExecutor
                workspace: {{root}}
                uses_metas: {workspace: /ignored/when/workspace/is/given}
              - name: sharded
                uses: RuntimeInfoExecutor
                shards: 2
                polling: ALL
                uses_metas: {workspace: {{metasRoot}}}
                needs: gateway
            """);
        await flow.StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var indexed = await client.PostAsync("/", TestFlows.Texts("X"), targetExecutor: "indexer");
        var sharded = await client.PostAsync("/", TestFlows.Texts("X"), targetExecutor: "sharded");

        Assert.Equal(Path.Combine(root, "indexer", "0"), indexed[0].Tags["workspace"]);
        Assert.Equal(true, indexed[0].Tags["workspace_exists"]);
        Assert.Contains(sharded[0].Tags["workspace"], new object?[] { Path.Combine(metasRoot, "sharded", "0"), Path.Combine(metasRoot, "sharded", "1") });
        Assert.True(Directory.Exists(Path.Combine(metasRoot, "sharded", "0")), "shard 0's workspace");
        Assert.True(Directory.Exists(Path.Combine(metasRoot, "sharded", "1")), "shard 1's workspace");
        Assert.False(Directory.Exists("/ignored"), "uses_metas.workspace was used although workspace was given");
    }

    [Fact]
    public async Task Without_a_workspace_an_executor_has_none()
    {
        await using var flow = EmbeddedFlowHost.Create("jtype: Flow\nexecutors:\n  - uses: RuntimeInfoExecutor\n");
        await flow.StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var docs = await client.PostAsync("/", TestFlows.Texts("X"));

        Assert.Equal(string.Empty, docs[0].Tags["workspace"]);
        Assert.Equal(false, docs[0].Tags["workspace_exists"]);
    }

    private static string Variable() => "JINAORLEANS_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant();
}
