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

    /// <summary>A gateway in front of <paramref name="silos"/> (cluster mode), logging membership changes.</summary>
    public static Task<TestGateway> StartClusterAsync(string flowFile, params string[] silos) =>
        StartAsync(["--flow", flowFile, "--silos", string.Join(',', silos), "--log-level", "Information"]);

    /// <summary>A gateway running the flow embedded with the sample executors.</summary>
    public static Task<TestGateway> StartEmbeddedAsync(string flowFile) =>
        StartAsync(["--flow", flowFile, "--executors", TestSilo.ExecutorsDirectory, TestSilo.FlowExecutorsDirectory]);

    public JinaOrleans.Client.Client CreateClient() => new(host: "127.0.0.1", port: Port);

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static async Task<TestGateway> StartAsync(string[] arguments)
    {
        var dll = RepositoryPaths.ProjectOutput("GatewayHost", "GatewayHost.dll");
        var process = ChildProcess.Start("dotnet", [dll, "--host", "127.0.0.1", "--port", "0", "--join-timeout", "10", .. arguments]);
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
