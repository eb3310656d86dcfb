using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Samples;

/// <summary>The Hello sample as a user runs it: a separate process, its output and its exit code.</summary>
public sealed class HelloTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Prints_the_walkthrough_result_and_exits_zero()
    {
        var dll = RepositoryPaths.ProjectOutput(Path.Combine("samples", "Hello"), "Hello.dll");
        await using var process = ChildProcess.Start("dotnet", [dll, "--port", "0"]);

        var exitCode = await process.WaitForExitAsync(Timeout);

        Assert.Equal(0, exitCode);
        Assert.Equal("['hello, world!goodbye!', 'hello, world!goodbye!']\n", process.StandardOutput);
    }

    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(2)] // SIGINT
    public async Task Serve_mode_exits_cleanly_on_a_stop_signal(int signal)
    {
        await using var server = await HelloServer.StartAsync();
        using (var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: server.Port))
        {
            Assert.True(await client.IsFlowReadyAsync());
        }

        server.Process.Signal(signal);

        Assert.Equal(0, await server.Process.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task Serve_mode_serves_all_three_protocols_at_once()
    {
        await using var server = await HelloServer.StartAsync("--protocol", "grpc,http,websocket", "--port", "0,0,0");
        var lines = new[] { "grpc", "http", "ws" }.Select(async scheme => await server.Process.WaitForLineAsync(l => l.StartsWith($"Serving the seed flow on {scheme}://", StringComparison.Ordinal), Timeout, scheme)).ToArray();

        foreach (var line in await Task.WhenAll(lines))
        {
            var address = line.Split(' ')[5];
            using var client = new JinaOrleans.Client.Client(host: address);
            var docs = await client.PostAsync("/", DocumentArray.Empty(2));
            Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], docs.Texts);
        }
    }

    [Fact]
    public async Task A_bad_port_argument_is_rejected_with_usage()
    {
        var dll = RepositoryPaths.ProjectOutput(Path.Combine("samples", "Hello"), "Hello.dll");
        await using var process = ChildProcess.Start("dotnet", [dll, "--port", "nope"]);

        Assert.Equal(2, await process.WaitForExitAsync(Timeout));
        Assert.Contains("usage:", process.StandardError, StringComparison.Ordinal);
    }
}
