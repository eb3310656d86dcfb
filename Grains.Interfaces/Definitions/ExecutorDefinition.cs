using System.Collections.Immutable;

namespace JinaOrleans.Definitions;

/// <summary>One executor entry of a flow (<c>Flow.add(...)</c> / an item of <c>executors:</c>).</summary>
public sealed record ExecutorDefinition
{
    /// <summary>The deployment name; unique in the flow; <c>gateway</c> is reserved.</summary>
    public required string Name { get; init; }

    /// <summary>The executor class (its full or short type name).</summary>
    public required string Uses { get; init; }

    /// <summary>How many instances serve requests concurrently. Defaults to 1.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Constructor arguments by parameter name (<c>uses_with</c>).</summary>
    public ImmutableDictionary<string, object?> UsesWith { get; init; } = ImmutableDictionary<string, object?>.Empty;

    /// <summary>Overrides of the metas (<c>uses_metas</c>): name, description, workspace.</summary>
    public ImmutableDictionary<string, object?> UsesMetas { get; init; } = ImmutableDictionary<string, object?>.Empty;

    /// <summary>Endpoint → method name bindings that replace the <c>[Requests]</c> attributes (<c>uses_requests</c>).</summary>
    public ImmutableDictionary<string, string> UsesRequests { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The executors this one waits for. Empty means the previously added executor (or the gateway for the
    /// first one).
    /// </summary>
    public ImmutableArray<string> Needs { get; init; } = [];

    /// <summary>Time allowed for one call to this executor; null for none (<c>timeout_send</c>).</summary>
    public TimeSpan? TimeoutSend { get; init; }

    /// <summary>Extra attempts after a transport failure; -1 means max(3, replicas) (<c>retries</c>).</summary>
    public int Retries { get; init; } = -1;

    /// <summary>
    /// True when the executor runs elsewhere and speaks Jina's worker protocol (<c>external: true</c>, or
    /// <c>uses: grpc://host:port</c>); it is then reached at <see cref="ExternalAddresses"/>.
    /// </summary>
    public bool External { get; init; }

    /// <summary>The replicas of an external executor, as <c>host:port</c>.</summary>
    public ImmutableArray<string> ExternalAddresses { get; init; } = [];

    /// <summary>Connect to the external executor with TLS (<c>tls: true</c>, or a <c>grpcs://</c> address).</summary>
    public bool Tls { get; init; }

    /// <summary>
    /// The docarray flavour an external executor speaks (<c>docarray: v1 | v2</c>): requests of the other flavour are
    /// converted for it and its answers converted back (<see cref="DocArrayConversion"/>). Auto, the default, sends
    /// each request in its own flavour.
    /// </summary>
    public DocArrayFlavour DocArray { get; init; }

    /// <summary>gRPC metadata sent with every call to an external executor (<c>grpc_metadata</c>).</summary>
    public ImmutableDictionary<string, string> GrpcMetadata { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The <c>when</c> filter condition (DocArray query language), or null.</summary>
    public ImmutableDictionary<string, object?>? When { get; init; }

    /// <summary>
    /// With several upstream branches, receive every part unreduced (<c>docs_matrix</c>/<c>docs_map</c>)
    /// instead of one merged request (<c>no_reduce</c>).
    /// </summary>
    public bool NoReduce { get; init; }

    /// <summary>
    /// Fire-and-forget (<c>floating</c>): runs on what it needs, its result is not part of the response, and the
    /// request does not wait for it.
    /// </summary>
    public bool Floating { get; init; }

    /// <summary>How many partitions of the deployment's data there are (<c>shards</c>). Defaults to 1.</summary>
    public int Shards { get; init; } = 1;

    /// <summary>
    /// Polling per endpoint (<c>polling</c>): <c>*</c> is the default for endpoints not listed. Defaults to ANY for
    /// every endpoint.
    /// </summary>
    public ImmutableDictionary<string, PollingType> Polling { get; init; } = ImmutableDictionary<string, PollingType>.Empty.Add("*", PollingType.Any);

    /// <summary>An executor class run on a request before it fans out to the shards (<c>uses_before</c>).</summary>
    public string? UsesBefore { get; init; }

    /// <summary>An executor class that receives the shards' unreduced results (<c>uses_after</c>).</summary>
    public string? UsesAfter { get; init; }

    /// <summary>
    /// Dynamic batching per endpoint (<c>uses_dynamic_batching</c>, or <c>dynamic_batching</c> in the executor's
    /// YAML); it overrides <see cref="DynamicBatchingAttribute"/> for the endpoints it names.
    /// </summary>
    public ImmutableDictionary<string, DynamicBatchingOptions> DynamicBatching { get; init; } = ImmutableDictionary<string, DynamicBatchingOptions>.Empty;

    /// <summary>
    /// Environment variables for the executor (<c>env</c>). Executors of one process share its environment: the
    /// variables are set in the process before the executor is created (and restored when the host stops), and two
    /// executors (or an executor and the gateway) of one process giving a variable different values fail at start-up,
    /// naming both. The executor also reads them in <see cref="ExecutorMetas.Env"/>.
    /// </summary>
    public ImmutableDictionary<string, string> Env { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// Exception class names (<c>exit_on_exceptions</c>; the short or full name, matched exactly as Jina matches
    /// <c>type(ex).__name__</c>): when an endpoint throws one, the request gets its error status, the failure is logged
    /// as critical and the host stops gracefully (a silo process exits with code 4), so a supervisor can start a fresh
    /// one. Defaults to none.
    /// </summary>
    public ImmutableArray<string> ExitOnExceptions { get; init; } = [];

    /// <summary>
    /// How long the executor may take to become ready (<c>timeout_ready</c>): its <see cref="Executor.InitializeAsync"/>
    /// when its replica activates. Past it, the start fails naming the executor. Null waits forever (-1 in YAML).
    /// Defaults to 10 minutes (Jina's 600000 ms).
    /// </summary>
    public TimeSpan? TimeoutReady { get; init; } = DefaultTimeoutReady;

    /// <summary>Jina's default <c>timeout_ready</c>: 600000 ms.</summary>
    public static readonly TimeSpan DefaultTimeoutReady = TimeSpan.FromMilliseconds(600_000);

    /// <summary>
    /// The compression of calls to the executor over gRPC (<c>compression</c>), i.e. to an external executor. Calls to
    /// executors inside the cluster are Orleans messages and are not affected. Defaults to none.
    /// </summary>
    public GrpcCompression Compression { get; init; }

    /// <summary>
    /// The workspace root (<c>workspace</c>, else <c>uses_metas.workspace</c>): each instance gets
    /// <c>{workspace}/{name}/{shard}</c>, created before its <see cref="Executor.InitializeAsync"/>, in
    /// <see cref="ExecutorMetas.Workspace"/>.
    /// Null for none.
    /// </summary>
    public string? Workspace { get; init; }

    /// <summary>
    /// A Microsoft.Extensions.Logging JSON file for this executor's logs (<c>log_config</c>): the levels of its
    /// <c>Logging:LogLevel</c> section apply under the executor's category (<c>Default</c> to the executor itself).
    /// </summary>
    public string? LogConfig { get; init; }

    /// <summary>No log from this executor (<c>quiet</c>): its category <c>JinaOrleans.Executors.{name}</c> is turned off.</summary>
    public bool Quiet { get; init; }

    /// <summary>Log an endpoint's failure without the exception's stack (<c>quiet_error</c>).</summary>
    public bool QuietError { get; init; }

    /// <summary>
    /// gRPC server options of the process's worker port (<c>grpc_server_options</c>): several executors on one silo share
    /// it, so their options are merged, and differing values of one option fail at start-up.
    /// </summary>
    public GrpcServerOptions GrpcServerOptions { get; init; } = GrpcServerOptions.Empty;

    /// <summary>
    /// <c>tracing</c>, <c>traces_exporter_host</c>, <c>traces_exporter_port</c>: whether and where the silos serving this
    /// executor export their spans. Defaults to the flow's <c>with:</c> values, else <see cref="TracingSettings.Off"/>.
    /// </summary>
    public TracingSettings Tracing { get; init; } = TracingSettings.Off;

    /// <summary>
    /// Metrics of the silos hosting this executor (<c>monitoring</c>, <c>port_monitoring</c>, <c>metrics</c>,
    /// <c>metrics_exporter_host</c>/<c>_port</c>); in YAML <c>with:</c>'s by default. A silo serves one monitoring port
    /// for all it hosts, so the executors of one silo must agree.
    /// </summary>
    public MonitoringSettings Monitoring { get; init; } = MonitoringSettings.Off;

    /// <summary>
    /// The prefix of this executor's logging categories, <c>JinaOrleans.Executors.{name}</c>: its logs (and those of
    /// <see cref="Executor.Logger"/>) are <c>{prefix}.{class}</c>, its <c>uses_before</c>/<c>uses_after</c> heads'
    /// <c>{prefix}.uses_before.{class}</c>.
    /// </summary>
    public string LogCategory => LogCategoryOf(Name);

    /// <summary>The prefix of the logging categories of executor <paramref name="name"/> (see <see cref="LogCategory"/>).</summary>
    public static string LogCategoryOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "JinaOrleans.Executors." + name.Replace('/', '.');
    }

    /// <summary>The polling for <paramref name="endpoint"/>: its own entry, else <c>*</c>, else ANY.</summary>
    public PollingType PollingFor(string endpoint) =>
        Polling.TryGetValue(endpoint, out var polling) || Polling.TryGetValue("*", out polling) ? polling : PollingType.Any;

    /// <summary>The number of retries to use: <see cref="Retries"/>, or max(3, replicas) when it is -1.</summary>
    public int EffectiveRetries => Retries >= 0 ? Retries : Math.Max(3, Replicas);
}
