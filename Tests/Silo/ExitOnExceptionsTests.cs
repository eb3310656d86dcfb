using JinaOrleans.Client;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// <c>exit_on_exceptions</c>: an executor raising one of the listed exceptions answers the request with its error, then
/// stops its host gracefully (a silo process exits with code 4, for a supervisor to start a fresh one); other
/// exceptions only fail their request.
/// </summary>
public sealed class ExitOnExceptionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_listed_exception_answers_the_request_with_its_error_and_the_silo_process_exits_4()
    {
        var flow = FlowFiles.Write("""
            jtype: Flow
            executors:
              - name: fragile
                uses: FailExecutor
                uses_with: {message: model state corrupted}
                exit_on_exceptions: [InvalidOperationException]
            """);
        await using var gateway = await TestGateway.StartEmbeddedAsync(flow);
        using var client = gateway.CreateClient();
        var exited = gateway.Process.WaitForExitAsync(Timeout);

        var error = await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/", DocumentArray.Empty(1)));

        Assert.Equal("FailExecutor", error.Executor);
        Assert.Equal(["model state corrupted"], error.ExceptionArgs);
        Assert.Equal(4, await exited);
        Assert.True(gateway.Process.StandardError.Contains("Executor fragile/rep-0 raised System.InvalidOperationException on / (model state corrupted), one of its exit_on_exceptions: stopping the host.", StringComparison.Ordinal), gateway.Process.StandardError);
        Assert.Contains("silo: stopped because executor 'fragile/rep-0' raised System.InvalidOperationException on /, one of its exit_on_exceptions.", gateway.Process.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_exception_stops_an_embedded_flow()
    {
        await using var flow = EmbeddedFlowHost.Create("""
            jtype: Flow
            executors:
              - uses: FailExecutor
                exit_on_exceptions: [System.InvalidOperationException]
            """);
        await flow.StartAsync();
        var stopped = flow.WaitForShutdownAsync();
        using var client = TestFlows.ClientFor(flow);

        await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/", DocumentArray.Empty(1)));

        await stopped.WaitAsync(Timeout);
    }

    [Fact]
    public async Task An_exception_not_listed_only_fails_its_request()
    {
        await using var flow = EmbeddedFlowHost.Create("""
            jtype: Flow
            executors:
              - name: sturdy
                uses: FailExecutor
                exit_on_exceptions: [IOException, InvalidOperation]
              - name: after
                uses: FooExecutor
                needs: gateway
            """);
        await flow.StartAsync();
        var stopped = flow.WaitForShutdownAsync();
        using var client = TestFlows.ClientFor(flow);

        await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/", DocumentArray.Empty(1)));
        var served = await client.PostAsync("/", DocumentArray.Empty(1), targetExecutor: "after");

        Assert.Equal(["hello, world!"], served.Texts);
        Assert.False(stopped.IsCompleted, "the flow stopped for an exception it does not list");
    }
}
