namespace JinaOrleans.Definitions;

/// <summary>
/// Jina's tracing keys of a gateway (<c>with:</c>) or an executor: <c>tracing</c>, <c>traces_exporter_host</c>,
/// <c>traces_exporter_port</c>. With <c>tracing: true</c> the process that serves it exports its spans over OTLP (gRPC)
/// to the host and port, or where <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> says when they are not given. Executors inherit
/// the values of <c>with:</c>, as in Jina.
/// </summary>
public sealed record TracingSettings
{
    /// <summary>Tracing off, no exporter named (the default).</summary>
    public static TracingSettings Off { get; } = new();

    /// <summary><c>tracing</c>: export this component's spans. Defaults to false.</summary>
    public bool Enabled { get; init; }

    /// <summary><c>traces_exporter_host</c>: the OTLP collector's host (<c>localhost</c> or <c>http://localhost</c>).</summary>
    public string? ExporterHost { get; init; }

    /// <summary><c>traces_exporter_port</c>: the collector's OTLP gRPC port (Jina's examples use 4317).</summary>
    public int? ExporterPort { get; init; }

    /// <summary>
    /// Whether <paramref name="text"/> can be <c>traces_exporter_host</c> (YAML or command line): a host name, or an http(s)
    /// URL without a path or port of its own (the port is <c>traces_exporter_port</c>).
    /// </summary>
    public static bool IsExporterHost(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.Host.Length > 0
            && uri.AbsolutePath == "/"
            && uri.IsDefaultPort;
    }

    /// <summary>Whether <paramref name="port"/> can be <c>traces_exporter_port</c> (1-65535).</summary>
    public static bool IsExporterPort(int port) => port is >= 1 and <= 65535;

    /// <summary>
    /// These settings under a command line's <c>--tracing</c> (<paramref name="enable"/> turns tracing on, false keeps
    /// the YAML's choice) and <c>--traces-exporter-host/--traces-exporter-port</c> (replacing the YAML's when given).
    /// </summary>
    public TracingSettings Override(bool enable, string? host, int? port) =>
        !enable && host is null && port is null
            ? this
            : this with { Enabled = Enabled || enable, ExporterHost = host ?? ExporterHost, ExporterPort = port ?? ExporterPort };

    /// <summary>
    /// The collector's OTLP endpoint: <see cref="ExporterHost"/> (<c>http://</c> when it names no scheme) and
    /// <see cref="ExporterPort"/> (4317 when only the host is given); null when no host is given.
    /// </summary>
    public Uri? Endpoint
    {
        get
        {
            if (string.IsNullOrEmpty(ExporterHost))
            {
                return null;
            }

            var host = ExporterHost.Contains("://", StringComparison.Ordinal) ? ExporterHost : "http://" + ExporterHost;
            var builder = new UriBuilder(host) { Port = ExporterPort ?? 4317 };
            return builder.Uri;
        }
    }
}
