namespace JinaOrleans.SiloHost;

/// <summary>The command line of a silo process.</summary>
internal sealed record SiloOptions
{
    /// <summary>The flow or Deployment YAML; null with <see cref="Uses"/>.</summary>
    public string? FlowFile { get; init; }

    /// <summary>One executor to serve on the worker port without a flow file (an executor YAML or a class name).</summary>
    public string? Uses { get; init; }

    /// <summary>
    /// A Deployment (a <c>jtype: Deployment</c> file or <c>--uses</c>): one process on its own, on localhost clustering
    /// unless <c>--redis</c> or Orleans configuration names a cluster.
    /// </summary>
    public bool Standalone { get; init; }

    /// <summary>Whether <c>--port</c> was given (a Deployment YAML's <c>port</c> applies otherwise).</summary>
    public bool PortGiven { get; init; }

    public IReadOnlyList<string> ExecutorDirectories { get; init; } = [];

    /// <summary>The address the worker port and the Orleans ports bind; <c>0.0.0.0</c> binds every interface.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The Jina worker port (external executors).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Orleans' silo-to-silo port.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Orleans' port for clients (gateways); 0 for none.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>The IP address others reach this silo at; defaults to <see cref="Host"/>, or this machine's first address for 0.0.0.0.</summary>
    public string? Advertise { get; init; }

    /// <summary>Redis <c>host:port</c> (or a StackExchange.Redis configuration string) holding the cluster's membership.</summary>
    public string? Redis { get; init; }

    public string? ClusterId { get; init; }

    public string? ServiceId { get; init; }

    /// <summary>Deployments to host here; empty hosts every non-external executor of the flow.</summary>
    public IReadOnlyList<string> HostExecutors { get; init; } = [];

    /// <summary>Also serve the flow's gateway (its <c>with:</c> protocols and ports) from this process.</summary>
    public bool ServeGateway { get; init; }

    /// <summary>
    /// Running in a Kubernetes pod (Orleans' Kubernetes hosting): cluster and service ids from the pod's
    /// <c>orleans/clusterId</c> and <c>orleans/serviceId</c> labels, the advertised address from <c>POD_IP</c>, and
    /// the pods of silos declared dead deleted. Membership stays in <see cref="Redis"/>.
    /// </summary>
    public bool Kubernetes { get; init; }

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>PEM certificate and key: the worker port and every Orleans connection use TLS with them.</summary>
    public string? TlsCertificate { get; init; }

    public string? TlsKey { get; init; }

    /// <summary>
    /// PEM CA bundle: peers' certificates must chain to it, and callers (gateways, other silos, Jina Flows on the worker
    /// port) must present a client certificate that does (mutual TLS).
    /// </summary>
    public string? TlsCa { get; init; }

    /// <summary>
    /// The docarray flavour the worker port (and, with <see cref="ServeGateway"/>, the gateway) serves
    /// (<c>--docarray v1|v2|auto</c>); null: the flow's <c>with: docarray</c>, auto unless it says otherwise.
    /// </summary>
    public DocArrayFlavour? DocArray { get; init; }

    /// <summary>
    /// Serve Prometheus' <c>/metrics</c> for this silo on this port (<c>--port-monitoring</c>), over the flow's
    /// <c>monitoring</c>/<c>port_monitoring</c>; null keeps those.
    /// </summary>
    public int? PortMonitoring { get; init; }

    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary><c>--tracing</c>: export this silo's spans (OTLP), whatever its executors' <c>tracing</c> says.</summary>
    public bool Tracing { get; init; }

    /// <summary><c>--traces-exporter-host</c>: overrides every served component's <c>traces_exporter_host</c>.</summary>
    public string? TracesExporterHost { get; init; }

    /// <summary><c>--traces-exporter-port</c>: overrides every served component's <c>traces_exporter_port</c>.</summary>
    public int? TracesExporterPort { get; init; }
}
