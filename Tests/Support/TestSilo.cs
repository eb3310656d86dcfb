using System.Text.RegularExpressions;

namespace JinaOrleans.Tests.Support;

/// <summary>A silo process (<c>dotnet Silo.dll</c>) on 127.0.0.1, ended by its PID when disposed.</summary>
internal sealed partial class TestSilo : IAsyncDisposable
{
    private TestSilo(ChildProcess process, string siloId, string address)
    {
        Process = process;
        SiloId = siloId;
        Address = address;
    }

    public ChildProcess Process { get; }

    public string SiloId { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address { get; }

    public int Port => int.Parse(Address[(Address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public static string ExecutorsDirectory =>
        Path.GetDirectoryName(RepositoryPaths.ProjectOutput(Path.Combine("samples", "Hello.Executors"), "Hello.Executors.dll"))!;

    /// <summary>The building-block executors for topology tests.</summary>
    public static string FlowExecutorsDirectory =>
        Path.GetDirectoryName(RepositoryPaths.ProjectOutput(Path.Combine("samples", "Flow.Executors"), "Flow.Executors.dll"))!;

    /// <summary>Starts a silo for <paramref name="flowFile"/> with the sample executors and waits until it serves.</summary>
    public static async Task<TestSilo> StartAsync(string flowFile, int port = 0, params string[] extra)
    {
        var dll = RepositoryPaths.ProjectOutput("Silo", "Silo.dll");
        var process = ChildProcess.Start("dotnet", [dll, "--flow", flowFile, "--executors", ExecutorsDirectory, FlowExecutorsDirectory, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--join-timeout", "10", .. extra]);
        try
        {
            var line = await process.WaitForLineAsync(l => Serving().IsMatch(l), TimeSpan.FromSeconds(60), "the silo to serve");
            var match = Serving().Match(line);
            return new TestSilo(process, match.Groups["id"].Value, match.Groups["address"].Value);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a silo for <paramref name="flowFile"/> expected to stop by itself (a start-up error); returns its exit code and standard error.</summary>
    public static Task<(int Code, string Stderr)> RunToExitAsync(string flowFile, params string[] extra) =>
        ChildProcess.RunToExitAsync(
            "dotnet",
            [RepositoryPaths.ProjectOutput("Silo", "Silo.dll"), "--flow", flowFile, "--executors", ExecutorsDirectory, FlowExecutorsDirectory, "--host", "127.0.0.1", "--port", "0", .. extra],
            TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    [GeneratedRegex(@"^Silo (?<id>[0-9a-f]{32}) serving on (?<address>127\.0\.0\.1:\d+) ")]
    private static partial Regex Serving();
}
