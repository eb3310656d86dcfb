using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JinaOrleans.Gateway.Diagnostics;

/// <summary>
/// Turns on the export of the <c>JinaOrleans</c> spans (<see cref="JinaTracing"/>) for a process, with OpenTelemetry's
/// SDK and OTLP exporter: when one of the components it serves says <c>tracing: true</c>
/// (<see cref="TracingSettings"/>: the gateway's <c>with:</c>, an executor's entry, <c>--tracing</c>) or when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Off otherwise: nothing is registered and no span is made.
/// </summary>
public static class JinaTracingServiceCollectionExtensions
{
    /// <summary>The environment variable that turns export on by itself (OpenTelemetry's own).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Registers a tracer provider for the <c>JinaOrleans</c> source, its resource's <c>service.name</c>
    /// <paramref name="serviceName"/> (the gateway's or the silo's name), exporting over OTLP to each distinct endpoint
    /// of the enabled <paramref name="components"/> (OpenTelemetry's default, or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
    /// for those that name none). Returns whether tracing is on. <paramref name="environment"/> reads environment
    /// variables (the process's by default).
    /// </summary>
    public static bool AddJinaTracing(this IServiceCollection services, string serviceName, IEnumerable<TracingSettings> components, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentNullException.ThrowIfNull(components);
        environment ??= Environment.GetEnvironmentVariable;
        var enabled = components.Where(c => c.Enabled).ToArray();
        if (enabled.Length == 0 && string.IsNullOrEmpty(environment(OtlpEndpointVariable)))
        {
            return false;
        }

        // One exporter per collector named; null is OpenTelemetry's default endpoint (or the environment's).
        Uri?[] endpoints = enabled.Length == 0 ? [null] : [.. enabled.Select(c => c.Endpoint).Distinct()];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(JinaTracing.SourceName);
                for (var i = 0; i < endpoints.Length; i++)
                {
                    var endpoint = endpoints[i];
                    tracing.AddOtlpExporter("jina-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), options =>
                    {
                        if (endpoint is not null)
                        {
                            options.Endpoint = endpoint;
                        }
                    });
                }
            });
        return true;
    }
}
