using JinaOrleans.Definitions;
using Flows_ = JinaOrleans.Grains.Flows;

namespace JinaOrleans.Grains;

/// <summary>What a silo serves: its flows, the executor classes they use and which deployments it hosts.</summary>
public sealed class JinaSiloOptions
{
    /// <summary>The flows whose flow grains this silo serves (usually one, from the flow YAML).</summary>
    public IList<FlowDefinition> Flows { get; } = [];

    /// <summary>The classes that <c>uses</c> names resolve to.</summary>
    public ExecutorTypeRegistry ExecutorTypes { get; set; } = new();

    /// <summary>
    /// The deployments this silo hosts (<c>--host-executors</c>); null hosts every non-external executor of its flows.
    /// The others are reached on the silos that host them, through Orleans placement.
    /// </summary>
    public IReadOnlySet<string>? HostExecutors { get; set; }

    /// <summary>
    /// Services executor constructors may ask for by type, besides the silo's own. Defaults to none.
    /// </summary>
    public IServiceProvider? ExecutorServices { get; set; }

    /// <summary>
    /// How long a call to an executor keeps being retried while no live silo can serve it (a silo died and membership
    /// has not caught up yet, or the only hosting silo restarts). Defaults to 30 seconds; the caller's deadline ends
    /// it sooner.
    /// </summary>
    public TimeSpan FailoverTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The grpc-dotnet channel options for calls to external executors over Jina's worker protocol (TLS roots, an HTTP
    /// handler shared by every channel, message limits). Defaults to messages of any size over a
    /// <see cref="System.Net.Http.SocketsHttpHandler"/> per remote with keep-alive pings, trusting the system's roots.
    /// </summary>
    public global::Grpc.Net.Client.GrpcChannelOptions? ExternalChannelOptions { get; set; }

    /// <summary>
    /// Checks everything that can be checked before the silo starts: each flow's topology (every problem at once) and,
    /// for the deployments hosted here, that <c>uses</c> names a known class whose endpoints bind, that
    /// <c>uses_dynamic_batching</c> names served endpoints, and that they agree on the <c>env</c> variables and
    /// <c>grpc_server_options</c> they share in this process.
    /// </summary>
    /// <exception cref="InvalidOperationException">What is wrong, naming the flow or executor.</exception>
    public void Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flow in Flows)
        {
            if (!names.Add(flow.Name))
            {
                throw new InvalidOperationException($"Two flows are named '{flow.Name}'; give each flow a name of its own.");
            }

            _ = Flows_.FlowGraph.Build(flow);
        }

        var catalog = new Executors.ExecutorCatalog(Microsoft.Extensions.Options.Options.Create(this));
        _ = catalog.EnvironmentOwners();
        _ = WorkerServerOptions();
    }

    /// <summary>
    /// The <c>grpc_server_options</c> of this silo's worker port: those of every executor it hosts (one server answers
    /// for all of them), checked to agree.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two hosted executors give one option different values, naming both.</exception>
    public GrpcServerOptions WorkerServerOptions() =>
        GrpcServerOptions.Merge(Flows.SelectMany(f => f.Executors.Where(Hosts))
            .DistinctBy(e => e.Name, StringComparer.Ordinal)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => ($"executor '{e.Name}'", e.GrpcServerOptions)));

    /// <summary>Whether this silo hosts <paramref name="definition"/>.</summary>
    public bool Hosts(ExecutorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return !definition.External && (HostExecutors is null || HostExecutors.Contains(definition.Name));
    }
}
