using System.Diagnostics;
using System.Text.Json;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// Runs real Python peers (Debian's python3-grpcio with messages generated from our protos by Debian's protoc).
/// The test command installs them; when they are missing the test fails and says what to install.
/// </summary>
internal static class PythonPeer
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<Task<string>> GeneratedProtos = new(GenerateAsync);
    private static readonly Lazy<Task<string>> GeneratedV2Protos = new(GenerateV2Async);

    /// <summary>The folder holding <c>jina_pb2.py</c>, <c>docarray_pb2.py</c> and <c>health_pb2.py</c>.</summary>
    public static Task<string> ProtoModulesAsync() => GeneratedProtos.Value;

    /// <summary>Starts a long-running peer script (a server) as a child process, ended by its PID.</summary>
    public static async Task<ChildProcess> StartAsync(string script, IEnumerable<string> arguments)
    {
        var modules = await ProtoModulesAsync().ConfigureAwait(false);
        return ChildProcess.Start(Interpreter, [RepositoryPaths.PeerScript(script), modules, .. arguments]);
    }

    /// <summary>Starts a long-running peer script built on the docarray v2 protos (a v2 executor), ended by its PID.</summary>
    public static async Task<ChildProcess> StartV2Async(string script, IEnumerable<string> arguments)
    {
        var modules = await GeneratedV2Protos.Value.ConfigureAwait(false);
        return ChildProcess.Start(Interpreter, [RepositoryPaths.PeerScript(script), modules, .. arguments]);
    }

    /// <summary>Runs a peer script; returns its exit code and its stdout lines parsed as JSON.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<JsonElement> Lines, string Stderr)> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout) =>
        await RunWithAsync(await ProtoModulesAsync().ConfigureAwait(false), script, arguments, timeout).ConfigureAwait(false);

    /// <summary>
    /// Runs a peer script with modules generated from the docarray v2 protos (<c>Peers/v2</c>: package
    /// <c>docarray</c> with <c>DocListProto</c>, and jina.proto typed with it), as a Jina client with docarray 0.40 has them.
    /// </summary>
    public static async Task<(int ExitCode, IReadOnlyList<JsonElement> Lines, string Stderr)> RunV2Async(string script, IEnumerable<string> arguments, TimeSpan timeout) =>
        await RunWithAsync(await GeneratedV2Protos.Value.ConfigureAwait(false), script, arguments, timeout).ConfigureAwait(false);

    private static async Task<(int ExitCode, IReadOnlyList<JsonElement> Lines, string Stderr)> RunWithAsync(string modules, string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var result = await RunProcessAsync(Interpreter, [RepositoryPaths.PeerScript(script), modules, .. arguments], timeout).ConfigureAwait(false);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToArray();
        return (result.ExitCode, lines, result.Stderr);
    }

    private static async Task<string> GenerateAsync()
    {
        var check = await RunProcessAsync(Interpreter, ["-c", "import grpc, google.protobuf, websockets"], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The Python peers are missing ({check.Stderr.Trim()}). Install them with: apt-get install -y python3-grpcio python3-protobuf python3-websockets protobuf-compiler (scripts/test.sh does this).");
        }

        var output = Directory.CreateTempSubdirectory("jinaorleans-pyproto-").FullName;
        // Jina's protos, and the standard health and reflection protos the peers also speak (the server takes
        // those from Grpc.HealthCheck and Grpc.Reflection).
        var peers = Path.GetDirectoryName(RepositoryPaths.PeerScript("health.proto"))!;
        var protos = Directory.GetFiles(RepositoryPaths.ProtosDirectory, "*.proto").Concat(Directory.GetFiles(peers, "*.proto"));
        var protoc = await RunProcessAsync(
            "protoc",
            ["-I", RepositoryPaths.ProtosDirectory, "-I", peers, "--python_out=" + output, .. protos],
            TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (protoc.ExitCode != 0)
        {
            throw new InvalidOperationException($"protoc failed ({protoc.ExitCode}): {protoc.Stderr}");
        }

        return output;
    }

    private static async Task<string> GenerateV2Async()
    {
        // The same check and generator as for v1 (GenerateAsync fails with what to install).
        await ProtoModulesAsync().ConfigureAwait(false);
        var output = Directory.CreateTempSubdirectory("jinaorleans-pyproto-v2-").FullName;
        var v2 = Path.Combine(AppContext.BaseDirectory, "Peers", "v2");
        var protoc = await RunProcessAsync(
            "protoc",
            ["-I", v2, "--python_out=" + output, .. Directory.GetFiles(v2, "*.proto")],
            TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (protoc.ExitCode != 0)
        {
            throw new InvalidOperationException($"protoc failed ({protoc.ExitCode}): {protoc.Stderr}");
        }

        return output;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, string.Empty, $"{fileName}: {ex.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds:0}s; stderr: {await stderr.ConfigureAwait(false)}");
            }

            return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
