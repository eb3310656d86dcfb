namespace JinaOrleans.Tests.Support;

/// <summary>
/// The docker and compose command-line clients, run to their end: exit code, standard output and error.
/// Compose is Debian's <c>docker-compose</c> (v1) where installed, else the <c>docker compose</c> plugin (v2).
/// </summary>
internal static class Docker
{
    private static readonly Lazy<string[]> ComposeCommand = new(() =>
        File.Exists("/usr/bin/docker-compose") ? ["/usr/bin/docker-compose"] : ["docker", "compose"]);

    public static string ComposeName => string.Join(' ', ComposeCommand.Value);

    public static Task<(int Code, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunFileAsync("docker", arguments, timeout, environment);

    public static Task<(int Code, string Stdout, string Stderr)> ComposeAsync(IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunFileAsync(ComposeCommand.Value[0], [.. ComposeCommand.Value.Skip(1), .. arguments], timeout, environment);

    /// <summary>Runs <paramref name="fileName"/> and fails, with its output, unless it exits 0.</summary>
    public static async Task<string> CheckedAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var list = arguments.ToArray();
        var (code, stdout, stderr) = await RunFileAsync(fileName, list, timeout, environment).ConfigureAwait(false);
        return code == 0 ? stdout : throw new InvalidOperationException($"{fileName} {string.Join(' ', list)} exited {code}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
    }

    public static async Task<(int Code, string Stdout, string Stderr)> RunFileAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        try
        {
            await using var process = ChildProcess.Start(fileName, arguments, environment);
            var code = await process.WaitForExitAsync(timeout).ConfigureAwait(false);
            return (code, process.StandardOutput, process.StandardError);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (127, "", $"{fileName}: {ex.Message}");
        }
    }
}
