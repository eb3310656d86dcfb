using System.Collections.Immutable;
using JinaOrleans.Definitions;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Configuration;

/// <summary>
/// Jina's metrics keys, in <c>with:</c> and on executors: <c>monitoring</c>, <c>port_monitoring</c>, <c>metrics</c>,
/// <c>metrics_exporter_host</c>, <c>metrics_exporter_port</c> (<see cref="MonitoringSettings"/>). As in Jina, the values
/// in <c>with:</c> are every executor's defaults; an executor's own replace them key by key.
/// </summary>
internal static class MonitoringKeys
{
    /// <summary>The keys read here, in <c>with:</c> and on executors alike.</summary>
    public static readonly ImmutableHashSet<string> Keys =
        ["monitoring", "port_monitoring", "metrics", "metrics_exporter_host", "metrics_exporter_port"];

    /// <summary>Reads one key of <see cref="Keys"/> into <paramref name="settings"/>; a bad value is an error at its line.</summary>
    public static MonitoringSettings Read(string key, YamlNode value, string path, YamlValues values, MonitoringSettings settings)
    {
        switch (key)
        {
            case "monitoring":
                return values.Bool(value, path) is { } monitoring ? settings with { Monitoring = monitoring } : settings;
            case "port_monitoring":
                return Port(value, path, values, min: 0) is { } port ? settings with { PortMonitoring = port } : settings;
            case "metrics":
                return values.Bool(value, path) is { } metrics ? settings with { Metrics = metrics } : settings;
            case "metrics_exporter_host":
                return values.Text(value, path) is { } host ? settings with { MetricsExporterHost = host } : settings;
            case "metrics_exporter_port":
                return Port(value, path, values, min: 1) is { } exporterPort ? settings with { MetricsExporterPort = exporterPort } : settings;
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, "Not a monitoring key.");
        }
    }

    /// <summary><c>metrics: true</c> needs a collector to send to.</summary>
    public static void Check(MonitoringSettings settings, YamlNode node, string section, YamlValues values)
    {
        if (settings.Metrics && string.IsNullOrEmpty(settings.MetricsExporterHost))
        {
            values.Error(node, $"{section}.metrics", "metrics: true needs metrics_exporter_host (and metrics_exporter_port, 4317 by default)");
        }
    }

    private static int? Port(YamlNode value, string path, YamlValues values, int min)
    {
        var text = values.Text(value, path);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port >= min && port <= 65535)
        {
            return port;
        }

        values.Error(value, path, $"'{text}' is not a port number ({min}-65535)");
        return null;
    }
}
