using System.Text.Json;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.GatewayHost;

/// <summary><c>GatewayHost ping</c>, as <c>jina ping</c>: a line per attempt and exit code 0 or 1, run as its own process.</summary>
public sealed class PingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_serving_flow_and_its_gateway_answer_ping_with_exit_code_zero()
    {
        await using var flow = await TestFlows.New().Add<FooExecutor>().StartAsync();

        var ping = await PingAsync("flow", $"grpc://127.0.0.1:{flow.Port}", "--attempts", "2");
        var gateway = await PingAsync("gateway", $"127.0.0.1:{flow.Port}");

        Assert.Equal(0, ping.ExitCode);
        Assert.Contains($"[1/2] ping flow grpc://127.0.0.1:{flow.Port}: success", ping.Output, StringComparison.Ordinal);
        Assert.Contains("2 of 2 attempts succeeded: ready", ping.Output, StringComparison.Ordinal);
        Assert.Equal(0, gateway.ExitCode);
    }

    [Fact]
    public async Task A_python_jina_executor_answers_ping_executor()
    {
        await using var worker = await PythonPeer.StartAsync("jina_grpc_worker.py", ["[py]", "60"]);
        var line = await worker.WaitForLineAsync(l => l.StartsWith("{\"port\"", StringComparison.Ordinal), Timeout, "the Python worker's port");
        var port = JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();

        var ping = await PingAsync("executor", $"127.0.0.1:{port}");

        Assert.Equal(0, ping.ExitCode);
        Assert.Contains("success", ping.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_fails_every_attempt_with_exit_code_one()
    {
        var port = FreePorts.Take(1)[0];

        var ping = await PingAsync("executor", $"127.0.0.1:{port}", "--attempts", "2", "--timeout", "1000");

        Assert.Equal(1, ping.ExitCode);
        Assert.Contains("[2/2] ping executor", ping.Output, StringComparison.Ordinal);
        Assert.Contains("Unavailable", ping.Output, StringComparison.Ordinal);
        Assert.Contains("0 of 2 attempts succeeded: not ready", ping.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> PingAsync(params string[] arguments)
    {
        var dll = RepositoryPaths.ProjectOutput("GatewayHost", "GatewayHost.dll");
        await using var process = ChildProcess.Start("dotnet", [dll, "ping", .. arguments]);
        var exitCode = await process.WaitForExitAsync(Timeout);
        return (exitCode, process.StandardOutput);
    }
}
