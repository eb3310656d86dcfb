using System.Diagnostics;
using JinaOrleans.Tests.Support;

namespace JinaOrleans.Tests.Benchmarks.LoadTest;

/// <summary>Runs LoadTest (or a command wrapping it) from the build output to its exit, ended by its PID after two minutes.</summary>
internal static class LoadTestProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Dll => RepositoryPaths.ProjectOutput("benchmarks/LoadTest", "LoadTest.dll");

    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
