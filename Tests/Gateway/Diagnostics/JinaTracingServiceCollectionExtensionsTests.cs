using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Diagnostics;

/// <summary>AddJinaTracing: off unless a component says tracing: true or OTEL_EXPORTER_OTLP_ENDPOINT is set; one OTLP exporter per collector named.</summary>
public sealed class JinaTracingServiceCollectionExtensionsTests
{
    [Fact]
    public void Nothing_is_registered_when_no_component_traces_and_the_environment_names_no_endpoint()
    {
        var services = new ServiceCollection();

        var on = services.AddJinaTracing("gateway", [TracingSettings.Off, new TracingSettings { ExporterHost = "collector" }], _ => null);

        Assert.False(on);
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
    }

    [Fact]
    public void Each_distinct_collector_of_the_traced_components_gets_an_otlp_exporter()
    {
        var services = new ServiceCollection();
        var first = new TracingSettings { Enabled = true, ExporterHost = "collector", ExporterPort = 4317 };
        var second = new TracingSettings { Enabled = true, ExporterHost = "https://other", ExporterPort = 14317 };

        var on = services.AddJinaTracing("silo", [first, first, second, TracingSettings.Off], _ => null);

        Assert.True(on);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
        var exporters = provider.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>();
        Assert.Equal(new Uri("http://collector:4317"), exporters.Get("jina-0").Endpoint);
        Assert.Equal(new Uri("https://other:14317"), exporters.Get("jina-1").Endpoint);
    }

    [Fact]
    public void The_otlp_endpoint_variable_turns_export_on_by_itself()
    {
        var services = new ServiceCollection();

        var on = services.AddJinaTracing("gateway", [TracingSettings.Off], name => name == JinaTracingServiceCollectionExtensions.OtlpEndpointVariable ? "http://127.0.0.1:4317" : null);

        Assert.True(on);
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
    }
}
