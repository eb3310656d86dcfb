namespace JinaOrleans.Tests.Support;

/// <summary>
/// A Docker engine for the compose tests: the running dockerd, or one this test process starts (as root, Debian's
/// docker.io, as scripts/test.sh installs it) and stops again when disposed. A dockerd it did not start is left alone.
/// </summary>
internal sealed class DockerEngine : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ChildProcess? _started;

    private DockerEngine(ChildProcess? started) => _started = started;

    public bool StartedHere => _started is not null;

    /// <summary>Returns a running engine, or the reason none could be had (never both).</summary>
    public static async Task<(DockerEngine? Engine, string? Reason)> EnsureAsync()
    {
        var (code, _, stderr) = await Docker.RunAsync(["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (code == 0)
        {
            return (new DockerEngine(null), null);
        }

        if (code == 127)
        {
            return (null, $"no docker client ({stderr.Trim()}); scripts/test.sh installs docker.io");
        }

        if (!File.Exists("/usr/sbin/dockerd") && !File.Exists("/usr/bin/dockerd"))
        {
            return (null, "dockerd is not running and not installed; scripts/test.sh installs docker.io");
        }

        if (Environment.UserName != "root")
        {
            return (null, "dockerd is not running and this test runs as " + Environment.UserName + ", not root, so it cannot start it");
        }

        var dockerd = ChildProcess.Start("dockerd", []);
        try
        {
            // dockerd logs this once its API serves on the socket the clients use.
            await dockerd.WaitForLineAsync(l => l.Contains("API listen on /var/run/docker.sock", StringComparison.Ordinal), StartTimeout, "dockerd to serve its API").ConfigureAwait(false);
            return (new DockerEngine(dockerd), null);
        }
        catch (TimeoutException ex)
        {
            var reason = $"dockerd did not start: {ex.Message}\n{dockerd.StandardError}";
            await dockerd.DisposeAsync().ConfigureAwait(false);
            return (null, reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_started is null)
        {
            return;
        }

        _started.Signal();
        await _started.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await _started.DisposeAsync().ConfigureAwait(false);
    }
}
