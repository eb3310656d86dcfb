using System.Globalization;
using System.Text.RegularExpressions;

namespace JinaOrleans.Tests.Support;

/// <summary>The Hello sample in <c>--serve</c> mode as a separate process on 127.0.0.1, on a free port.</summary>
internal sealed partial class HelloServer : IAsyncDisposable
{
    private HelloServer(ChildProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public string Target => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<HelloServer> StartAsync(params string[] extraArguments)
    {
        var dll = RepositoryPaths.ProjectOutput(Path.Combine("samples", "Hello"), "Hello.dll");
        var process = ChildProcess.Start("dotnet", [dll, "--serve", "--port", "0", .. extraArguments]);
        try
        {
            var line = await process.WaitForLineAsync(l => ServingLine().IsMatch(l), TimeSpan.FromSeconds(60), "the Hello sample to report its port");
            var port = int.Parse(ServingLine().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
            return new HelloServer(process, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    /// <summary>The <c>host:port</c> the server reported for <paramref name="scheme"/> (grpc, http, ws).</summary>
    public async Task<string> TargetOfAsync(string scheme)
    {
        var line = await Process.WaitForLineAsync(l => l.StartsWith($"Serving the seed flow on {scheme}://", StringComparison.Ordinal), TimeSpan.FromSeconds(60), scheme).ConfigureAwait(false);
        return line.Split(' ')[5][(scheme.Length + 3)..];
    }

    [GeneratedRegex(@"^Serving the seed flow on grpc://127\.0\.0\.1:(\d+) ")]
    private static partial Regex ServingLine();
}
