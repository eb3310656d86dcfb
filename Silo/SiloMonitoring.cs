using JinaOrleans.Definitions;

namespace JinaOrleans.SiloHost;

/// <summary>
/// A silo's metrics: one monitoring port (and one OTLP export) for everything the process serves. It comes from
/// <c>--port-monitoring</c>, else from the executors the silo hosts (whose <c>monitoring</c> keys default to the flow's
/// <c>with:</c>, and must agree), else, with <c>--gateway</c>, from the gateway's.
/// </summary>
internal static class SiloMonitoring
{
    /// <summary>The silo's settings; a disagreement between hosted executors throws, naming them.</summary>
    /// <exception cref="InvalidOperationException">Two hosted executors ask for different monitoring.</exception>
    public static MonitoringSettings Of(SiloOptions options, FlowDefinition flow)
    {
        var hosted = flow.Executors
            .Where(e => !e.External && (options.HostExecutors.Count == 0 || options.HostExecutors.Contains(e.Name)))
            .Where(e => e.Monitoring.Monitoring || e.Monitoring.Metrics)
            .ToArray();
        var distinct = hosted.Select(e => e.Monitoring).Distinct().ToArray();
        if (distinct.Length > 1)
        {
            var first = hosted[0];
            var other = hosted.First(e => e.Monitoring != first.Monitoring);
            throw new InvalidOperationException(
                $"executors '{first.Name}' and '{other.Name}' ask for different monitoring (monitoring, port_monitoring, metrics, metrics_exporter_host/port), but one silo serves one monitoring port; make them agree or host them on different silos (--host-executors).");
        }

        var settings = distinct.Length == 1 ? distinct[0]
            : options.ServeGateway ? flow.Gateway.Monitoring
            : MonitoringSettings.Off;
        return options.PortMonitoring is { } port ? settings with { Monitoring = true, PortMonitoring = port } : settings;
    }
}
