using System.Collections.Immutable;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Gateway;
using JinaOrleans.Grains;
using JinaOrleans.Hosting;
using JinaOrleans.Hosting.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace JinaOrleans;

/// <summary>
/// A flow of executors behind a gateway, running in this process (embedded mode): add executors, start,
/// and call it with any Jina client. The C# counterpart of Jina's <c>Flow(port=...).add(...)</c>. It is one
/// host holding an Orleans silo (localhost clustering, its silo port on 127.0.0.1 only) and the gateway,
/// which reaches the flow grain in-process.
/// </summary>
/// <example>
/// <code>
/// await using var flow = await new Flow(port: 12345)
///     .Add&lt;FooExecutor&gt;(replicas: 3)
///     .Add&lt;BarExecutor&gt;(replicas: 2)
///     .StartAsync();
/// </code>
/// </example>
public sealed class Flow : IAsyncDisposable
{
    private readonly ExecutorTypeRegistry _executorTypes = new();
    private FlowDefinition _definition;
    private GatewayServer? _server;
    private int _state;

    /// <summary>A flow whose gateway serves gRPC on <paramref name="port"/> (0 picks a free port) at <paramref name="host"/>.</summary>
    public Flow(int port = 0, string host = "0.0.0.0", int prefetch = 1000, string name = "flow")
        : this(new FlowDefinition
        {
            Name = name,
            Gateway = new GatewayDefinition { Host = host, Ports = [port], Protocols = [GatewayProtocol.Grpc], Prefetch = prefetch },
        })
    {
    }

    /// <summary>A flow from a complete definition (e.g. parsed from YAML).</summary>
    public Flow(FlowDefinition definition)
    {
        _definition = definition ?? throw new ArgumentNullException(nameof(definition));
    }

    /// <summary>The flow as defined so far.</summary>
    public FlowDefinition Definition => _definition;

    /// <summary>The classes that <c>uses</c> names resolve to; <see cref="Add{TExecutor}"/> registers its type here.</summary>
    public ExecutorTypeRegistry ExecutorTypes => _executorTypes;

    /// <summary>Configures logging before start. Defaults to warnings and errors on standard error.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>Services that executor constructors may ask for by type. Defaults to none.</summary>
    public IServiceProvider? ExecutorServices { get; set; }

    /// <summary>The bound port of each protocol, in the order of <see cref="GatewayDefinition.Protocols"/>; valid after start.</summary>
    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>
    /// The bound monitoring port (Prometheus' <c>/metrics</c>, for the gateway and every executor of this process) when
    /// the definition's gateway has <c>monitoring: true</c>; null otherwise. Valid after start.
    /// </summary>
    public int? MonitoringPort => _server?.MonitoringPort;

    /// <summary>The host's services once started (tests look for what monitoring registered).</summary>
    internal IServiceProvider? Services => _server?.Services;

    /// <summary>The bound port of the first protocol; valid after start.</summary>
    public int Port => Ports.Count > 0 ? Ports[0] : throw new InvalidOperationException("The flow has not been started.");

    /// <summary>Adds an executor of type <typeparamref name="TExecutor"/>, by default after the previous one.</summary>
    /// <param name="name">The deployment name; defaults to <c>executor{N}</c> (N = its position).</param>
    /// <param name="replicas">How many instances serve concurrently.</param>
    /// <param name="usesWith">Constructor arguments by parameter name.</param>
    /// <param name="timeoutSend">Time allowed for one call to this executor; null for none.</param>
    /// <param name="needs">The executors (or <c>gateway</c>) it waits for; null means the previous executor.</param>
    /// <param name="when">A condition in DocArray's query language; documents failing it skip this branch.</param>
    /// <param name="noReduce">Receive every upstream part unreduced.</param>
    /// <param name="floating">Fire-and-forget: the response does not wait for it.</param>
    /// <param name="shards">Partitions of the executor's data; each is one grain with <paramref name="replicas"/> instances.</param>
    /// <param name="polling">With shards: ANY sends a request to one shard, ALL to every shard and reduces.</param>
    public Flow Add<TExecutor>(
        string? name = null,
        int replicas = 1,
        IReadOnlyDictionary<string, object?>? usesWith = null,
        TimeSpan? timeoutSend = null,
        IEnumerable<string>? needs = null,
        IReadOnlyDictionary<string, object?>? when = null,
        bool noReduce = false,
        bool floating = false,
        int shards = 1,
        PollingType polling = PollingType.Any)
        where TExecutor : Executor =>
        Add(typeof(TExecutor), name, replicas, usesWith, timeoutSend, needs, when, noReduce, floating, shards, polling);

    /// <summary>Adds an executor of type <paramref name="executorType"/>; see <see cref="Add{TExecutor}"/>.</summary>
    public Flow Add(
        Type executorType,
        string? name = null,
        int replicas = 1,
        IReadOnlyDictionary<string, object?>? usesWith = null,
        TimeSpan? timeoutSend = null,
        IEnumerable<string>? needs = null,
        IReadOnlyDictionary<string, object?>? when = null,
        bool noReduce = false,
        bool floating = false,
        int shards = 1,
        PollingType polling = PollingType.Any)
    {
        ArgumentNullException.ThrowIfNull(executorType);
        ThrowIfStarted();
        _executorTypes.Register(executorType);
        var definition = new ExecutorDefinition
        {
            Name = name ?? $"executor{_definition.Executors.Length}",
            Uses = executorType.FullName ?? executorType.Name,
            Replicas = replicas,
            UsesWith = usesWith?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, object?>.Empty,
            TimeoutSend = timeoutSend,
            Needs = needs is null ? [] : [.. needs],
            When = when?.ToImmutableDictionary(StringComparer.Ordinal),
            NoReduce = noReduce,
            Floating = floating,
            Shards = shards,
            Polling = ImmutableDictionary<string, PollingType>.Empty.Add("*", polling),
        };
        _definition = _definition with { Executors = _definition.Executors.Add(definition) };
        return this;
    }

    /// <summary>
    /// Adds a join (a pass-through <see cref="BaseExecutor"/>) that waits for <paramref name="needs"/> and merges
    /// their outputs (Jina's <c>Flow.needs</c>).
    /// </summary>
    public Flow Needs(IEnumerable<string> needs, string name = "joiner", bool noReduce = false)
    {
        ArgumentNullException.ThrowIfNull(needs);
        return Add<BaseExecutor>(name: name, needs: needs, noReduce: noReduce);
    }

    /// <summary>Adds a join that waits for every executor nothing else needs yet (Jina's <c>needs_all</c>).</summary>
    public Flow NeedsAll(string name = "joiner", bool noReduce = false)
    {
        var executors = _definition.Executors;
        var needed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < executors.Length; i++)
        {
            if (executors[i].Needs.IsDefaultOrEmpty)
            {
                // Default needs: the previous non-floating executor.
                var previous = executors.Take(i).LastOrDefault(e => !e.Floating);
                if (previous is not null)
                {
                    needed.Add(previous.Name);
                }
            }
            else
            {
                needed.UnionWith(executors[i].Needs);
            }
        }

        var dangling = executors.Where(e => !e.Floating && !needed.Contains(e.Name)).Select(e => e.Name).ToArray();
        return Needs(dangling.Length > 0 ? dangling : ["gateway"], name, noReduce);
    }

    /// <summary>
    /// Starts the silo (creating every executor replica), then the gateway. Returns once the gateway accepts
    /// requests. A bad definition fails here with a message naming the executor and the problem.
    /// </summary>
    public async Task<Flow> StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The flow has already been started.");
        }

        var silo = new JinaSiloOptions { ExecutorTypes = _executorTypes, ExecutorServices = ExecutorServices };
        silo.Flows.Add(_definition);
        try
        {
            _server = await GatewayServer.StartAsync(
                _definition,
                builder =>
                {
                    if (ConfigureLogging is not null)
                    {
                        builder.Logging.ClearProviders();
                        ConfigureLogging(builder.Logging);
                    }

                    builder.Services.AddJinaTracing(_definition.Name, [_definition.Gateway.Tracing, .. _definition.Executors.Select(e => e.Tracing)]);
                    builder.UseOrleans(orleans => orleans
                        .UseLocalhostClustering(siloPort: LoopbackPorts.Free(), gatewayPort: 0, serviceId: "jinaorleans", clusterId: "embedded-" + Identifiers.NewId())
                        .Configure<EndpointOptions>(o => o.SiloListeningEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, o.SiloPort))
                        .AddJinaSilo(silo));
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not InvalidOperationException and not OperationCanceledException && FindConfigurationError(ex) is { } configuration)
        {
            Volatile.Write(ref _state, 2);
            throw configuration;
        }
        catch
        {
            Volatile.Write(ref _state, 2);
            throw;
        }

        Ports = _server.Ports;
        return this;
    }

    /// <summary>Completes when the process is asked to stop (SIGINT/SIGTERM) or <see cref="StopAsync"/> is called.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) =>
        (_server ?? throw new InvalidOperationException("The flow has not been started.")).WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the gateway (letting running requests finish), then the silo.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        if (_server is { } server)
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A definition problem found while the host was built, wrapped by the host on the way out.</summary>
    private static InvalidOperationException? FindConfigurationError(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is InvalidOperationException invalid)
            {
                return invalid;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void ThrowIfStarted()
    {
        if (Volatile.Read(ref _state) != 0)
        {
            throw new InvalidOperationException("Executors must be added before the flow starts.");
        }
    }
}
