using System.Globalization;
using System.Text.RegularExpressions;

namespace JinaOrleans.Tests.Support;

/// <summary>A gateway process (<c>dotnet GatewayHost.dll</c>) on 127.0.0.1, ended by its PID when disposed.</summary>
internal sealed partial class TestGateway : IAsyncDisposable
{
    private TestGateway(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    /// <summary>A gateway of <paramref name="cluster"/> (an Orleans client finding the silos through its Redis).</summary>
    public static Task<TestGateway> StartClusterAsync(ClusterContext cluster, string flowFile, params string[] extra) =>
        StartAsync(["--flow", flowFile, .. cluster.Arguments, "--log-level", "Information", .. extra]);

    /// <summary>
    /// The flow embedded in one process: a silo that also serves the gateway (<c>Silo --gateway</c>, localhost
    /// clustering), with the sample executors.
    /// </summary>
    public static async Task<TestGateway> StartEmbeddedAsync(string flowFile)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = ChildProcess.Start("dotnet", [RepositoryPaths.ProjectOutput("Silo", "Silo.dll"), "--flow", flowFile, "--executors", TestSilo.ExecutorsDirectory, TestSilo.FlowExecutorsDirectory, "--host", "127.0.0.1", "--gateway", .. SiloPorts.Free().Arguments]);
            try
            {
                var line = await process.WaitForLineAsync(l => Serving().IsMatch(l), TimeSpan.FromSeconds(60), "the embedded gateway to serve");
                return new TestGateway(process, int.Parse(Serving().Match(line).Groups["port"].Value, CultureInfo.InvariantCulture));
            }
            catch (TimeoutException) when (attempt < 3 && SiloPorts.WasTaken(process))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    public JinaOrleans.Client.Client CreateClient() => new(host: "127.0.0.1", port: Port);

    /// <summary>Runs a gateway expected to stop by itself (a start-up error); returns its exit code and standard error.</summary>
    public static Task<(int Code, string Stderr)> RunToExitAsync(params string[] arguments) =>
        ChildProcess.RunToExitAsync("dotnet", [RepositoryPaths.ProjectOutput("GatewayHost", "GatewayHost.dll"), .. arguments], TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    /// <summary>
    /// A gateway started with <paramref name="arguments"/> (plus 127.0.0.1, a free port unless they give <c>--port</c>,
    /// and a 20 s join timeout).
    /// </summary>
    public static async Task<TestGateway> StartAsync(params string[] arguments)
    {
        var dll = RepositoryPaths.ProjectOutput("GatewayHost", "GatewayHost.dll");
        string[] port = arguments.Contains("--port", StringComparer.Ordinal) ? [] : ["--port", "0"];
        var process = ChildProcess.Start("dotnet", [dll, "--host", "127.0.0.1", .. port, "--join-timeout", "20", .. arguments]);
        try
        {
            var line = await process.WaitForLineAsync(l => Serving().IsMatch(l), TimeSpan.FromSeconds(60), "the gateway to serve");
            return new TestGateway(process, int.Parse(Serving().Match(line).Groups["port"].Value, CultureInfo.InvariantCulture));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex(@"^Gateway serving grpc on 127\.0\.0\.1:(?<port>\d+) ")]
    private static partial Regex Serving();
}
