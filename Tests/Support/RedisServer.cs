namespace JinaOrleans.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (Debian's package; the test command installs it) on a free 127.0.0.1 port, started for
/// one test class as an xunit class fixture and ended by its PID. It holds the Orleans membership of the clusters
/// the class's tests start, each under a cluster id of its own (<see cref="NewCluster"/>).
/// </summary>
public sealed class RedisServer : Xunit.IAsyncLifetime
{
    private ChildProcess? _process;

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is missing: install Debian's redis-server (scripts/test.sh does).");
        var port = FreePorts.Take(1)[0];
        _process = ChildProcess.Start(executable, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await _process.WaitForLineAsync(l => l.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "redis-server to accept connections");
        Address = $"127.0.0.1:{port}";
    }

    /// <summary>A cluster of its own on this server: a fresh Orleans cluster id.</summary>
    internal ClusterContext NewCluster() => new(Address, "test-" + Identifiers.NewId()[..12]);

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
