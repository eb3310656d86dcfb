using System.Collections.Immutable;
using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace JinaOrleans;

/// <summary>
/// Jina's <c>Deployment</c>: one executor, with its replicas and shards, served on its own, in this process. With
/// <c>includeGateway</c> (Jina's default) a gateway stands in front of it, on every protocol the definition names, and
/// any Jina client (or <see cref="Client.Client"/>) posts to it; without, the executor is served on Jina's worker
/// protocol, as <c>jina executor --uses</c> serves it, for a Jina Flow (an <c>external</c> executor) or a gateway to
/// call. From a YAML file (<see cref="Load"/>, <c>jtype: Deployment</c>) or in code:
/// <code>
/// await using var deployment = await Deployment.Of&lt;MyEncoder&gt;(replicas: 2, port: 12345).StartAsync();
/// </code>
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly FlowDefinition _definition;
    private readonly ExecutorTypeRegistry _executorTypes;
    private readonly Flow? _flow;
    private WorkerServer? _worker;
    private int _state;

    /// <summary>A Deployment of <paramref name="definition"/>'s one executor (its <see cref="FlowDefinition.Deployment"/> says how it is served).</summary>
    public Deployment(FlowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Executors.Length != 1)
        {
            throw new ArgumentException($"A Deployment has one executor; the definition has {definition.Executors.Length}.", nameof(definition));
        }

        _definition = definition.Deployment is null ? definition with { Deployment = new DeploymentSettings() } : definition;
        _flow = _definition.Deployment!.IncludeGateway ? new Flow(_definition) : null;
        _executorTypes = _flow?.ExecutorTypes ?? new ExecutorTypeRegistry();
    }

    /// <summary>The definition served: one executor and how it is served.</summary>
    public FlowDefinition Definition => _definition;

    /// <summary>The executor types <c>uses</c> may name (those given to <see cref="Of{TExecutor}"/> are registered).</summary>
    public ExecutorTypeRegistry ExecutorTypes => _executorTypes;

    /// <summary>Replaces the default logging (console, warnings and up) when set before <see cref="StartAsync"/>.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>The port served: the gateway's first port, or the worker port without a gateway.</summary>
    public int Port => Ports.Count > 0 ? Ports[0] : throw new InvalidOperationException("The deployment has not been started.");

    /// <summary>Every port served (one per gateway protocol; the worker port alone without a gateway).</summary>
    public IReadOnlyList<int> Ports => _flow?.Ports ?? (_worker is { } worker ? [worker.Port] : []);

    /// <summary>
    /// A Deployment of <typeparamref name="TExecutor"/> (Jina's <c>Deployment(uses=..., replicas=..., shards=..., port=...,
    /// include_gateway=...)</c>); <paramref name="port"/> 0 picks a free one.
    /// </summary>
    public static Deployment Of<TExecutor>(
        string name = "executor",
        int replicas = 1,
        int shards = 1,
        int port = 0,
        string host = "0.0.0.0",
        bool includeGateway = true,
        GatewayProtocol protocol = GatewayProtocol.Grpc,
        IReadOnlyDictionary<string, object?>? usesWith = null,
        PollingType polling = PollingType.Any)
        where TExecutor : Executor
    {
        var type = typeof(TExecutor);
        var deployment = new Deployment(new FlowDefinition
        {
            Name = name,
            Gateway = new GatewayDefinition { Host = host, Ports = [port], Protocols = [protocol] },
            Executors =
            [
                new ExecutorDefinition
                {
                    Name = name,
                    Uses = type.FullName ?? type.Name,
                    Replicas = replicas,
                    Shards = shards,
                    UsesWith = usesWith?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, object?>.Empty,
                    Polling = ImmutableDictionary<string, PollingType>.Empty.Add("*", polling),
                },
            ],
            Deployment = new DeploymentSettings { IncludeGateway = includeGateway, Port = port },
        });
        deployment._executorTypes.Register(type);
        return deployment;
    }

    /// <summary>A Deployment from a <c>jtype: Deployment</c> YAML file.</summary>
    /// <exception cref="FlowConfigurationException">The file is missing, is not YAML, is not a Deployment, or has invalid keys.</exception>
    public static Deployment Load(string path)
    {
        var definition = FlowYaml.Load(path);
        if (definition.Deployment is null)
        {
            throw new FlowConfigurationException($"{path}: not a Deployment (jtype: Deployment); a flow file runs with Flow.");
        }

        return new Deployment(definition);
    }

    /// <summary>Starts the executor (and its gateway); returns once it accepts requests.</summary>
    public async Task<Deployment> StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The deployment has already been started.");
        }

        var settings = _definition.Deployment!;
        if (_flow is not null)
        {
            _flow.ConfigureLogging = ConfigureLogging;
            await _flow.StartAsync(cancellationToken).ConfigureAwait(false);
            return this;
        }

        var silo = new JinaSiloOptions { ExecutorTypes = _executorTypes };
        silo.Flows.Add(_definition);
        silo.Validate();
        _worker = await WorkerServer.StartAsync(silo, _definition.Gateway.Host, settings.Port ?? 0, _definition.Gateway.DocArray, ConfigureLogging, cancellationToken).ConfigureAwait(false);
        return this;
    }

    /// <summary>Completes when the process is asked to stop (SIGINT/SIGTERM) or the deployment is disposed.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) =>
        _worker?.WaitForShutdownAsync(cancellationToken)
        ?? _flow?.WaitForShutdownAsync(cancellationToken)
        ?? throw new InvalidOperationException("The deployment has not been started.");

    public async ValueTask DisposeAsync()
    {
        if (_flow is not null)
        {
            await _flow.DisposeAsync().ConfigureAwait(false);
        }

        if (_worker is not null)
        {
            await _worker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
