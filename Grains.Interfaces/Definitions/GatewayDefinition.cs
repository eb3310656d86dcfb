using System.Collections.Immutable;

namespace JinaOrleans.Definitions;

/// <summary>The gateway arguments of a flow (<c>with:</c> / <c>gateway:</c>).</summary>
public sealed record GatewayDefinition
{
    /// <summary>The address to bind. Defaults to <c>0.0.0.0</c>, as in Jina.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The protocols served, one port each. Defaults to gRPC only.</summary>
    public ImmutableArray<GatewayProtocol> Protocols { get; init; } = [GatewayProtocol.Grpc];

    /// <summary>One port per protocol, in the same order; 0 picks a free port.</summary>
    public ImmutableArray<int> Ports { get; init; } = [0];

    /// <summary>
    /// How many requests of one client stream may be in flight at once. Defaults to 1000; 0 means no limit.
    /// A call's <c>__prefetch__</c> metadata overrides it.
    /// </summary>
    public int Prefetch { get; init; } = 1000;

    /// <summary>The largest request message accepted, in bytes. Defaults to <see cref="int.MaxValue"/> (unlimited).</summary>
    public int MaxMessageSize { get; init; } = int.MaxValue;

    /// <summary>The default <c>timeout_send</c> of every executor (time allowed for one call); null for none.</summary>
    public TimeSpan? TimeoutSend { get; init; }

    /// <summary>The default <c>retries</c> of every executor; -1 means max(3, replicas).</summary>
    public int Retries { get; init; } = -1;

    /// <summary>PEM certificate for TLS on every protocol (<c>ssl_certfile</c>); give both or neither.</summary>
    public string? SslCertFile { get; init; }

    /// <summary>PEM private key for TLS (<c>ssl_keyfile</c>).</summary>
    public string? SslKeyFile { get; init; }

    /// <summary>Allow cross-origin requests on the HTTP gateway (<c>cors</c>).</summary>
    public bool Cors { get; init; }

    /// <summary>Hide <c>/post</c>, <c>/dry_run</c> and <c>/status</c> on the HTTP gateway (<c>no_debug_endpoints</c>).</summary>
    public bool NoDebugEndpoints { get; init; }

    /// <summary>Hide <c>/index</c>, <c>/search</c>, <c>/update</c> and <c>/delete</c> (<c>no_crud_endpoints</c>).</summary>
    public bool NoCrudEndpoints { get; init; }

    /// <summary>The title of the HTTP API in <c>/openapi.json</c> and <c>/docs</c> (<c>title</c>).</summary>
    public string? Title { get; init; }

    /// <summary>The description of the HTTP API (<c>description</c>).</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The docarray flavour the gateway serves over gRPC and WebSocket (<c>docarray: v1 | v2 | auto</c>). Auto, the
    /// default, serves each request in the flavour its documents decode in; a pinned gateway refuses the other with
    /// INVALID_ARGUMENT. HTTP JSON is the same in both flavours; a v2-pinned gateway reads it into v2 documents.
    /// </summary>
    public DocArrayFlavour DocArray { get; init; }

    /// <summary>
    /// Environment variables of the gateway (<c>env</c> in <c>with:</c>), set in its process when it starts; in YAML also
    /// the default <c>env</c> of every executor. A variable an executor of the same process sets differently fails.
    /// </summary>
    public ImmutableDictionary<string, string> Env { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The default <c>timeout_ready</c> of every executor (in YAML). The gateway itself is ready once its listeners are
    /// bound (and, in a cluster, once it has joined: <c>--join-timeout</c>).
    /// </summary>
    public TimeSpan? TimeoutReady { get; init; } = ExecutorDefinition.DefaultTimeoutReady;

    /// <summary>The default <c>compression</c> of calls from the flow to its executors (in YAML, every executor's default).</summary>
    public GrpcCompression Compression { get; init; }

    /// <summary>The default <c>workspace</c> root of every executor (in YAML).</summary>
    public string? Workspace { get; init; }

    /// <summary>
    /// A Microsoft.Extensions.Logging JSON file (<c>log_config</c> in <c>with:</c>): its <c>Logging</c> section configures
    /// the logging of every process serving the flow (levels per category, provider settings such as <c>Console</c>).
    /// </summary>
    public string? LogConfig { get; init; }

    /// <summary>No log from the gateway (<c>quiet</c>): the <c>JinaOrleans.Gateway</c> categories are turned off; in YAML also every executor's default.</summary>
    public bool Quiet { get; init; }

    /// <summary>The default <c>quiet_error</c> of every executor (in YAML): their endpoint failures logged without the stack.</summary>
    public bool QuietError { get; init; }

    /// <summary>
    /// gRPC server options of the gateway's gRPC port (<c>grpc_server_options</c>); in YAML also every executor's default,
    /// for the silos' worker ports. A message length here overrides <see cref="MaxMessageSize"/> for gRPC.
    /// </summary>
    public GrpcServerOptions GrpcServerOptions { get; init; } = GrpcServerOptions.Empty;

    /// <summary>
    /// <c>tracing</c>, <c>traces_exporter_host</c>, <c>traces_exporter_port</c>: whether and where the gateway's process
    /// exports its spans. Executors inherit it. Defaults to <see cref="TracingSettings.Off"/>.
    /// </summary>
    public TracingSettings Tracing { get; init; } = TracingSettings.Off;

    /// <summary>
    /// Metrics (<c>monitoring</c>, <c>port_monitoring</c>, <c>metrics</c>, <c>metrics_exporter_host</c>/<c>_port</c>): the
    /// gateway's process serves <c>/metrics</c> on its monitoring port and pushes OTLP; in YAML also every executor's default.
    /// </summary>
    public MonitoringSettings Monitoring { get; init; } = MonitoringSettings.Off;

    /// <summary>The logging category of the gateway's logs.</summary>
    public const string LogCategory = "JinaOrleans.Gateway";
}
