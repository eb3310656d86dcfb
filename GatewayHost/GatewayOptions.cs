namespace JinaOrleans.GatewayHost;

/// <summary>The command line of a gateway process.</summary>
internal sealed record GatewayOptions
{
    public required string FlowFile { get; init; }

    /// <summary>Redis <c>host:port</c> holding the cluster's membership, where the gateway finds the silos.</summary>
    public string? Redis { get; init; }

    /// <summary>Silo gateway endpoints (<c>host:port</c>, Orleans' gateway port) to use instead of a membership store.</summary>
    public IReadOnlyList<string> Silos { get; init; } = [];

    public string? ClusterId { get; init; }

    public string? ServiceId { get; init; }

    /// <summary>Overrides the flow's <c>with: host</c>.</summary>
    public string? Host { get; init; }

    /// <summary>Overrides the flow's <c>with: port</c> (one per protocol).</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    /// <summary>Serve Prometheus' <c>/metrics</c> on this port (<c>--port-monitoring</c>), over the flow's <c>monitoring</c>/<c>port_monitoring</c>.</summary>
    public int? PortMonitoring { get; init; }

    /// <summary>How long to keep trying to reach the cluster at start-up.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>PEM CA bundle the silos' certificates chain to: reach them over TLS.</summary>
    public string? SiloTlsCa { get; init; }

    /// <summary>PEM client certificate and key presented to the silos (mutual TLS).</summary>
    public string? SiloTlsCertificate { get; init; }

    public string? SiloTlsKey { get; init; }

    /// <summary>Draw the topology to this file and exit instead of serving.</summary>
    public string? ExportSvg { get; init; }

    /// <summary>Write Kubernetes manifests for the flow into this directory and exit (Jina's to_kubernetes_yaml).</summary>
    public string? ExportKubernetes { get; init; }

    /// <summary>Write a docker-compose file for the flow and exit (Jina's to_docker_compose_yaml).</summary>
    public string? ExportCompose { get; init; }

    /// <summary>The docarray flavour served (<c>--docarray</c>), overriding the flow's <c>with: docarray</c>; null keeps it.</summary>
    public DocArrayFlavour? DocArray { get; init; }

    /// <summary><c>--tracing</c>: export the gateway's spans (OTLP), whatever the flow's <c>with: tracing</c> says.</summary>
    public bool Tracing { get; init; }

    /// <summary><c>--traces-exporter-host</c>: overrides the flow's <c>with: traces_exporter_host</c>.</summary>
    public string? TracesExporterHost { get; init; }

    /// <summary><c>--traces-exporter-port</c>: overrides the flow's <c>with: traces_exporter_port</c>.</summary>
    public int? TracesExporterPort { get; init; }

    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
