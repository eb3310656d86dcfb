using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JinaOrleans.Gateway.Diagnostics;

/// <summary>A process's monitoring port, as <see cref="JinaMonitoringExtensions.AddJinaMonitoring"/> added it.</summary>
public sealed class MonitoringListener
{
    internal ListenOptions? Options { get; set; }

    /// <summary>Whether Prometheus' <c>/metrics</c> is served (<c>monitoring: true</c>).</summary>
    public bool ServesPrometheus { get; internal init; }

    /// <summary>Whether metrics are pushed over OTLP.</summary>
    public bool PushesOtlp { get; internal init; }

    /// <summary>The bound monitoring port once the host has started; null when <c>/metrics</c> is not served.</summary>
    public int? Port => Options?.IPEndPoint?.Port;
}
