using System.Globalization;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// The repository's docker-compose.yml as a compose project of its own (a fresh name, hence its own networks), with
/// the images built locally (scripts/build-base-images.sh, scripts/build-images.sh) and the gateway published on a
/// free 127.0.0.1 port. Disposing runs <c>down -v</c> and removes the project's images.
/// </summary>
internal sealed class ComposeProject : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private readonly Dictionary<string, string> _environment;
    private bool _down;

    private ComposeProject(string name, int port)
    {
        Name = name;
        GatewayPort = port;
        _environment = new Dictionary<string, string>
        {
            ["COMPOSE_PROJECT_NAME"] = name,
            ["COMPOSE_FILE"] = Path.Combine(RepositoryPaths.Root, "docker-compose.yml"),
            ["GATEWAY_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["TAG"] = name,
            ["BASE_IMAGE"] = "local/dotnet-runtime-deps:10.0",
            ["REDIS_IMAGE"] = "local/redis:7",
            ["SILO_LOG_LEVEL"] = "Warning",
        };
    }

    public string Name { get; }

    public int GatewayPort { get; }

    public string Label => "label=com.docker.compose.project=" + Name;

    /// <summary>Builds the base images (kept when they exist) and this project's images.</summary>
    public static async Task<ComposeProject> BuildAsync()
    {
        var project = new ComposeProject("jinatest" + Guid.NewGuid().ToString("N")[..8], FreePorts.Take(1)[0]);
        var scripts = Path.Combine(RepositoryPaths.Root, "scripts");
        await Docker.CheckedAsync(Path.Combine(scripts, "build-base-images.sh"), [], TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        await Docker.CheckedAsync(Path.Combine(scripts, "build-images.sh"), [], TimeSpan.FromMinutes(5), project._environment).ConfigureAwait(false);
        return project;
    }

    /// <summary>Sets a variable the compose file reads, for the commands that follow.</summary>
    public void Set(string name, string value) => _environment[name] = value;

    /// <summary>Runs a compose command on the project; fails, with its output, unless it exits 0.</summary>
    public async Task<string> ComposeAsync(params string[] arguments)
    {
        var (code, stdout, stderr) = await Docker.ComposeAsync(arguments, CommandTimeout, _environment).ConfigureAwait(false);
        return code == 0 ? stdout : throw new InvalidOperationException($"{Docker.ComposeName} {string.Join(' ', arguments)} exited {code}.\nstdout:\n{stdout}\nstderr:\n{stderr}");
    }

    public async Task<string[]> ContainersAsync(string service) =>
        (await ComposeAsync("ps", "-q", service).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// <c>docker events</c> for this project's health changes, started before what changes them:
    /// each line is "container-name health_status: healthy|unhealthy".
    /// </summary>
    public ChildProcess WatchHealth() => ChildProcess.Start("docker", ["events", "--filter", Label, "--filter", "event=health_status", "--format", "{{.Actor.Attributes.name}} {{.Status}}"]);

    /// <summary>What docker still holds of the project: containers, networks, volumes (one line each).</summary>
    public async Task<string[]> LeftoversAsync()
    {
        var left = new List<string>();
        foreach (var kind in new[] { "container", "network", "volume" })
        {
            var listed = await Docker.CheckedAsync("docker", [kind, "ls", .. kind == "container" ? new[] { "-a" } : [], "-q", "--filter", Label], CommandTimeout).ConfigureAwait(false);
            left.AddRange(listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(id => $"{kind} {id.Trim()}"));
        }

        var named = await Docker.CheckedAsync("docker", ["network", "ls", "-q", "--filter", "name=" + Name], CommandTimeout).ConfigureAwait(false);
        left.AddRange(named.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(id => $"network {id.Trim()} (by name)"));
        return [.. left.Distinct()];
    }

    public async Task DownAsync()
    {
        _down = true;
        await ComposeAsync("down", "-v", "--remove-orphans", "--timeout", "20").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_down)
        {
            await Docker.ComposeAsync(["down", "-v", "--remove-orphans", "--timeout", "5"], CommandTimeout, _environment).ConfigureAwait(false);
        }

        await Docker.RunAsync(["image", "rm", "jinaorleans-silo:" + Name, "jinaorleans-gateway:" + Name], CommandTimeout).ConfigureAwait(false);
    }
}
