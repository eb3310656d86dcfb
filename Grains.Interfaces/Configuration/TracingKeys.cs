using System.Collections.Immutable;
using JinaOrleans.Definitions;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Configuration;

/// <summary>
/// The tracing keys of a flow's <c>with:</c> and of its executors (<see cref="TracingSettings"/>): <c>tracing</c>
/// (true/false), <c>traces_exporter_host</c> (a host name or URL) and <c>traces_exporter_port</c> (1-65535).
/// </summary>
internal static class TracingKeys
{
    /// <summary>The keys read here, in <c>with:</c> and in an executor entry.</summary>
    public static readonly ImmutableHashSet<string> Keys = ["tracing", "traces_exporter_host", "traces_exporter_port"];

    public static TracingSettings Read(string key, YamlNode value, string path, YamlValues values, TracingSettings settings)
    {
        switch (key)
        {
            case "tracing":
                return values.Bool(value, path) is { } enabled ? settings with { Enabled = enabled } : settings;
            case "traces_exporter_host":
                var host = values.Text(value, path);
                if (host is null)
                {
                    return settings;
                }

                if (!TracingSettings.IsExporterHost(host))
                {
                    values.Error(value, path, $"'{host}' is not a host name or http(s) URL (such as localhost or http://collector)");
                    return settings;
                }

                return settings with { ExporterHost = host };
            case "traces_exporter_port":
                if (values.Int(value, path, min: 1) is not { } port)
                {
                    return settings;
                }

                if (!TracingSettings.IsExporterPort(port))
                {
                    values.Error(value, path, $"'{port}' is not a port number (1-65535)");
                    return settings;
                }

                return settings with { ExporterPort = port };
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, "Not a tracing key.");
        }
    }
}
