using System.Net;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace JinaOrleans.Gateway.Diagnostics;

/// <summary>
/// Metrics export with OpenTelemetry: the <c>JinaOrleans</c> meter (<see cref="JinaMetrics"/>) with Orleans',
/// ASP.NET Core's and grpc-dotnet's, served as Prometheus text at <c>/metrics</c> (and <c>/</c>, where Jina serves it)
/// on a monitoring port of its own, and pushed over OTLP when asked. The monitoring listener tags its connections
/// <see cref="ListenerRoles.Monitoring"/>, so the scrape endpoints answer there only and the Jina routes never do.
/// Without <c>monitoring</c>, <c>metrics</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> nothing is added: no listener on the
/// meters, no cost per request.
/// </summary>
public static class JinaMonitoringExtensions
{
    /// <summary>The environment variable that turns OTLP export on (OpenTelemetry's own).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The meters exported: JinaOrleans', Orleans', ASP.NET Core's hosting and Kestrel, grpc-dotnet's server and client.
    /// grpc-dotnet 2.85 reports its calls through EventCounters, not a meter, so its names match nothing yet; its calls
    /// show in ASP.NET Core's <c>http.server.request.duration</c>.
    /// </summary>
    public static IReadOnlyList<string> Meters { get; } =
    [
        JinaMetrics.MeterName,
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Grpc.AspNetCore.Server",
        "Grpc.Net.Client",
    ];

    /// <summary>
    /// Adds metrics export to <paramref name="builder"/> as <paramref name="settings"/> ask: with <c>monitoring</c>, a
    /// Kestrel listener on <paramref name="address"/>:<c>port_monitoring</c> (HTTP/1.1) and the Prometheus exporter;
    /// with <c>metrics</c> (or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> in the configuration), OTLP export. Returns null when
    /// nothing is asked for. Pair with <see cref="MapJinaMonitoring"/>.
    /// </summary>
    public static MonitoringListener? AddJinaMonitoring(this WebApplicationBuilder builder, MonitoringSettings settings, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(address);
        var otlp = settings.OtlpEndpoint;
        var otlpFromEnvironment = !string.IsNullOrEmpty(builder.Configuration[OtlpEndpointVariable]);
        if (!settings.Monitoring && otlp is null && !otlpFromEnvironment)
        {
            return null;
        }

        var listener = new MonitoringListener { ServesPrometheus = settings.Monitoring, PushesOtlp = otlp is not null || otlpFromEnvironment };
        builder.Services.AddSingleton(listener);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter([.. Meters]);

            // Prometheus' text format carries no exemplars; without this, sampled traces would make every record keep one.
            metrics.SetExemplarFilter(ExemplarFilterType.AlwaysOff);
            if (settings.Monitoring)
            {
                // Every scrape collects afresh (the exporter caches 300 ms by default; Prometheus scrapes every 15 s or so).
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (otlp is not null)
            {
                metrics.AddOtlpExporter(o => o.Endpoint = otlp);
            }
            else if (otlpFromEnvironment)
            {
                metrics.AddOtlpExporter();
            }
        });

        if (settings.Monitoring)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, settings.PortMonitoring, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.TagConnections(ListenerRoles.Monitoring);
                listener.Options = listen;
            }));
        }

        return listener;
    }

    /// <summary>
    /// Maps the Prometheus scrape endpoints, <c>/metrics</c> and <c>/</c>, on the monitoring listener only; nothing when
    /// <see cref="AddJinaMonitoring"/> added no Prometheus export.
    /// </summary>
    public static TEndpoints MapJinaMonitoring<TEndpoints>(this TEndpoints endpoints)
        where TEndpoints : IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<MonitoringListener>() is not { ServesPrometheus: true })
        {
            return endpoints;
        }

        var monitoring = new ListenerRoleMetadata(ListenerRoles.Monitoring);
        endpoints.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(monitoring);
        endpoints.MapPrometheusScrapingEndpoint("/").WithMetadata(monitoring);
        return endpoints;
    }
}
