using System.Diagnostics;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary><c>timeout_ready</c>: how long an executor's InitializeAsync may take before the start fails naming it.</summary>
public sealed class TimeoutReadyTests
{
    [Fact]
    public async Task An_executor_still_initializing_past_its_timeout_ready_stops_the_start_naming_it()
    {
        await using var flow = EmbeddedFlowHost.Create("""
            jtype: Flow
            executors:
              - name: loader
                uses: SlowStartExecutor
                uses_with: {init_ms: 120000}
                timeout_ready: 300
            """);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flow.StartAsync());

        Assert.Equal(
            "Executor 'loader' (uses: SlowStartExecutor): not ready within 300 ms (timeout_ready): SlowStartExecutor.InitializeAsync had not completed; give timeout_ready more time, or -1 to wait forever.",
            error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"the start waited {watch.Elapsed} for an executor given 300 ms");
    }

    [Theory]
    [InlineData("30000")]
    [InlineData("-1")]
    public async Task An_executor_ready_within_its_timeout_ready_serves(string timeoutReady)
    {
        await using var flow = EmbeddedFlowHost.Create($$"""
            jtype: Flow
            with:
              timeout_ready: {{timeoutReady}}
            executors:
              - name: loader
                uses: SlowStartExecutor
                uses_with: {init_ms: 200}
            """);
        await flow.StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var docs = await client.PostAsync("/", TestFlows.Texts("x"));

        Assert.Equal(["xready"], docs.Texts);
    }
}
