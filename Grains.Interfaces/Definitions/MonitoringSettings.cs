namespace JinaOrleans.Definitions;

/// <summary>
/// Jina's metrics keys, in a flow's <c>with:</c> (the gateway's, and every executor's default) or on an executor:
/// <c>monitoring</c> with <c>port_monitoring</c> serve Prometheus' <c>/metrics</c> on a port of its own;
/// <c>metrics</c> with <c>metrics_exporter_host</c>/<c>metrics_exporter_port</c> push the same metrics over OTLP.
/// Off by default: nothing listens to the meters, nothing is measured.
/// </summary>
public sealed record MonitoringSettings
{
    /// <summary>Nothing served, nothing pushed.</summary>
    public static MonitoringSettings Off { get; } = new();

    /// <summary>Serve Prometheus' <c>/metrics</c> (<c>monitoring</c>). Defaults to false.</summary>
    public bool Monitoring { get; init; }

    /// <summary>The monitoring port (<c>port_monitoring</c>); 0 picks a free one. Defaults to 0.</summary>
    public int PortMonitoring { get; init; }

    /// <summary>Push metrics over OTLP (<c>metrics</c>) to <see cref="MetricsExporterHost"/>. Defaults to false.</summary>
    public bool Metrics { get; init; }

    /// <summary>The OTLP collector's host (<c>metrics_exporter_host</c>): a name, an address or a URL.</summary>
    public string? MetricsExporterHost { get; init; }

    /// <summary>The OTLP collector's port (<c>metrics_exporter_port</c>). Defaults to 4317 (OTLP over gRPC).</summary>
    public int? MetricsExporterPort { get; init; }

    /// <summary>Where OTLP metrics go when <see cref="Metrics"/> is on and a host is named; null otherwise.</summary>
    public Uri? OtlpEndpoint =>
        Metrics && !string.IsNullOrEmpty(MetricsExporterHost)
            ? new UriBuilder(MetricsExporterHost.Contains("://", StringComparison.Ordinal) ? MetricsExporterHost : "http://" + MetricsExporterHost) { Port = MetricsExporterPort ?? 4317 }.Uri
            : null;
}
