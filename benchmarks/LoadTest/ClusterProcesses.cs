using System.Diagnostics;
using System.Text.RegularExpressions;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// Processes serving the seed flow on 127.0.0.1 from this repository's build output (the configuration LoadTest itself
/// was built with), ended by their PIDs: a gateway and N silos, members of one Orleans cluster whose membership is in a
/// <c>redis-server</c> started here (<see cref="StartAsync"/>), or one <c>Silo --gateway</c> (<see cref="StartEmbeddedAsync"/>).
/// </summary>
internal sealed partial class ClusterProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    public int GatewayPort { get; private set; }

    /// <summary>
    /// Starts the processes; with <paramref name="tlsFolder"/> (holding <c>ca.pem</c>, <c>peer.pem</c> and
    /// <c>peer.key</c>) the silos serve mutual TLS and the gateway presents the same certificate to them.
    /// </summary>
    public static async Task<ClusterProcesses> StartAsync(int silos, string? tlsFolder, CancellationToken cancellationToken)
    {
        string[] siloTls = [];
        string[] gatewayTls = [];
        if (tlsFolder is not null)
        {
            var (ca, certificate, key) = (Path.Combine(tlsFolder, "ca.pem"), Path.Combine(tlsFolder, "peer.pem"), Path.Combine(tlsFolder, "peer.key"));
            siloTls = ["--tls-cert", certificate, "--tls-key", key, "--tls-ca", ca];
            gatewayTls = ["--silo-tls-ca", ca, "--silo-tls-cert", certificate, "--silo-tls-key", key];
        }

        var (root, configuration) = (FindRoot(), Configuration());
        string Output(string project, string file) => Path.Combine(root, project, "bin", configuration, "net10.0", file);
        var flow = Path.Combine(root, "samples", "flows", "seed.yml");
        var executors = Path.GetDirectoryName(Output(Path.Combine("samples", "Hello.Executors"), "Hello.Executors.dll"))!;
        var cluster = new ClusterProcesses();
        try
        {
            var redisPort = FreePort();
            await cluster.StartAsync(
                "redis-server",
                ["--port", Text(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                RedisReady(),
                cancellationToken).ConfigureAwait(false);
            string[] membership = ["--redis", $"127.0.0.1:{Text(redisPort)}", "--cluster-id", "loadtest"];
            for (var i = 0; i < silos; i++)
            {
                string[] ports = ["--port", Text(FreePort()), "--silo-port", Text(FreePort()), "--gateway-port", Text(FreePort())];
                await cluster.StartAsync(
                    "dotnet",
                    [Output("Silo", "Silo.dll"), "--flow", flow, "--executors", executors, "--host", "127.0.0.1", .. ports, .. membership, .. siloTls],
                    SiloLine(),
                    cancellationToken).ConfigureAwait(false);
            }

            var gateway = await cluster.StartAsync(
                "dotnet",
                [Output("GatewayHost", "GatewayHost.dll"), "--flow", flow, .. membership, "--host", "127.0.0.1", "--port", "0", .. gatewayTls],
                GatewayLine(),
                cancellationToken).ConfigureAwait(false);
            cluster.GatewayPort = int.Parse(GatewayLine().Match(gateway).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts one <c>Silo --gateway</c> process serving the seed flow embedded, from a copy of the flow file (written to
    /// <paramref name="folder"/>) on a free gateway port and, with <paramref name="monitoringPort"/>, with
    /// <c>monitoring: true</c> and that <c>port_monitoring</c>.
    /// </summary>
    public static async Task<ClusterProcesses> StartEmbeddedAsync(string folder, int? monitoringPort, CancellationToken cancellationToken)
    {
        var (root, configuration) = (FindRoot(), Configuration());
        string Output(string project, string file) => Path.Combine(root, project, "bin", configuration, "net10.0", file);
        var seed = await File.ReadAllTextAsync(Path.Combine(root, "samples", "flows", "seed.yml"), cancellationToken).ConfigureAwait(false);
        var gatewayPort = FreePort();
        var settings = $"with:\n  port: {Text(gatewayPort)}\n" + (monitoringPort is { } port ? $"  monitoring: true\n  port_monitoring: {Text(port)}\n" : string.Empty);
        var yaml = seed.Replace("with:\n", settings, StringComparison.Ordinal).Replace("  port: 12345\n", string.Empty, StringComparison.Ordinal);
        if (yaml.Contains("12345", StringComparison.Ordinal) || !yaml.Contains(settings, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("samples/flows/seed.yml no longer has the 'with:' and 'port: 12345' lines this copy replaces.");
        }

        var flow = Path.Combine(folder, $"seed-{Text(gatewayPort)}.yml");
        await File.WriteAllTextAsync(flow, yaml, cancellationToken).ConfigureAwait(false);
        var executors = Path.GetDirectoryName(Output(Path.Combine("samples", "Hello.Executors"), "Hello.Executors.dll"))!;
        var server = new ClusterProcesses();
        try
        {
            string[] ports = ["--port", Text(FreePort()), "--silo-port", Text(FreePort()), "--gateway-port", "0"];
            var gateway = await server.StartAsync(
                "dotnet",
                [Output("Silo", "Silo.dll"), "--flow", flow, "--executors", executors, "--gateway", "--host", "127.0.0.1", .. ports],
                GatewayLine(),
                cancellationToken).ConfigureAwait(false);
            server.GatewayPort = int.Parse(GatewayLine().Match(gateway).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return server.GatewayPort == gatewayPort ? server : throw new InvalidOperationException($"The gateway serves {server.GatewayPort}, not {gatewayPort}.");
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }

            process.Dispose();
        }
    }

    private async Task<string> StartAsync(string fileName, string[] arguments, Regex ready, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        _processes.Add(process);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
        {
            if (ready.IsMatch(line))
            {
                // Keep draining its output so the process never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                return line;
            }
        }

        throw new InvalidOperationException($"{string.Join(' ', arguments)} exited with {process.ExitCode} before it was ready.");
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "JinaOrleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run LoadTest from the repository's build output to use --cluster.");
    }

    private static string Configuration() => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Ready to accept connections")]
    private static partial Regex RedisReady();

    [GeneratedRegex(@"^Silo \S+ serving on (127\.0\.0\.1:\d+) ")]
    private static partial Regex SiloLine();

    [GeneratedRegex(@"^Gateway serving grpc on 127\.0\.0\.1:(\d+) ")]
    private static partial Regex GatewayLine();
}
