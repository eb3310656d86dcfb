using System.Text.RegularExpressions;

namespace JinaOrleans.Tests.Support;

/// <summary>A silo process (<c>dotnet Silo.dll</c>) on 127.0.0.1 in a test's cluster, ended by its PID when disposed.</summary>
internal sealed partial class TestSilo : IAsyncDisposable
{
    private TestSilo(ChildProcess process, string siloAddress, SiloPorts ports, IReadOnlyList<string> executors)
    {
        Process = process;
        SiloAddress = siloAddress;
        Ports = ports;
        Executors = executors;
    }

    public ChildProcess Process { get; }

    /// <summary>The silo's Orleans address (<c>127.0.0.1:port@generation</c>).</summary>
    public string SiloAddress { get; }

    public SiloPorts Ports { get; }

    /// <summary>The worker port's <c>127.0.0.1:port</c> (Jina's worker protocol).</summary>
    public string Address => $"127.0.0.1:{Ports.Worker}";

    /// <summary>The deployments this silo hosts, as it reported them.</summary>
    public IReadOnlyList<string> Executors { get; }

    public static string ExecutorsDirectory =>
        Path.GetDirectoryName(RepositoryPaths.ProjectOutput(Path.Combine("samples", "Hello.Executors"), "Hello.Executors.dll"))!;

    /// <summary>The building-block executors for topology tests.</summary>
    public static string FlowExecutorsDirectory =>
        Path.GetDirectoryName(RepositoryPaths.ProjectOutput(Path.Combine("samples", "Flow.Executors"), "Flow.Executors.dll"))!;

    /// <summary>
    /// Starts a silo of <paramref name="cluster"/> for <paramref name="flowFile"/> with the sample executors (on
    /// <paramref name="ports"/>, or free ones) and waits until it serves.
    /// </summary>
    public static async Task<TestSilo> StartAsync(ClusterContext cluster, string flowFile, SiloPorts? ports = null, params string[] extra)
    {
        for (var attempt = 1; ; attempt++)
        {
            var chosen = ports ?? SiloPorts.Free();
            var process = ChildProcess.Start("dotnet", [.. BaseArguments(flowFile), .. cluster.Arguments, .. chosen.Arguments, .. extra]);
            try
            {
                var line = await process.WaitForLineAsync(l => Serving().IsMatch(l), TimeSpan.FromSeconds(60), "the silo to serve");
                var match = Serving().Match(line);
                var executors = match.Groups["executors"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries);
                return new TestSilo(process, match.Groups["silo"].Value, chosen, executors);
            }
            catch (TimeoutException) when (ports is null && attempt < 3 && SiloPorts.WasTaken(process))
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

    /// <summary>Runs a silo expected to stop by itself (a start-up error); returns its exit code and standard error.</summary>
    public static Task<(int Code, string Stderr)> RunToExitAsync(string flowFile, params string[] extra) =>
        ChildProcess.RunToExitAsync("dotnet", [.. BaseArguments(flowFile), .. SiloPorts.Free().Arguments, .. extra], TimeSpan.FromSeconds(60));

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static string[] BaseArguments(string flowFile) =>
        [RepositoryPaths.ProjectOutput("Silo", "Silo.dll"), "--flow", flowFile, "--executors", ExecutorsDirectory, FlowExecutorsDirectory, "--host", "127.0.0.1"];

    [GeneratedRegex(@"^Silo (?<silo>\S+) serving on 127\.0\.0\.1:\d+ \(silo port \d+, gateway port \d+; executors: (?<executors>[^;]*); flow: ")]
    private static partial Regex Serving();
}
