using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Configuration;

/// <summary>The tracing keys of <c>with:</c> and of executors: tracing, traces_exporter_host, traces_exporter_port.</summary>
public sealed class TracingKeysTests
{
    [Fact]
    public void With_sets_the_gateways_tracing_and_every_executors_default_which_an_entry_replaces()
    {
        var flow = Parse("""
            jtype: Flow
            with:
              tracing: true
              traces_exporter_host: http://collector
              traces_exporter_port: 4317
            executors:
              - uses: A
              - uses: B
                traces_exporter_host: other
                traces_exporter_port: 14317
              - uses: C
                tracing: false
            """);

        Assert.Equal(new TracingSettings { Enabled = true, ExporterHost = "http://collector", ExporterPort = 4317 }, flow.Gateway.Tracing);
        Assert.Equal(new Uri("http://collector:4317"), flow.Gateway.Tracing.Endpoint);
        Assert.Equal(flow.Gateway.Tracing, flow.Executors[0].Tracing);
        Assert.Equal(new TracingSettings { Enabled = true, ExporterHost = "other", ExporterPort = 14317 }, flow.Executors[1].Tracing);
        Assert.Equal(new Uri("http://other:14317"), flow.Executors[1].Tracing.Endpoint);
        Assert.False(flow.Executors[2].Tracing.Enabled);
    }

    [Fact]
    public void Tracing_is_off_without_the_keys()
    {
        var flow = Parse("""
            jtype: Flow
            executors:
              - uses: A
            """);

        Assert.Same(TracingSettings.Off, flow.Gateway.Tracing);
        Assert.False(flow.Executors[0].Tracing.Enabled);
        Assert.Null(flow.Executors[0].Tracing.Endpoint);
    }

    [Fact]
    public void Bad_values_are_reported_with_file_and_line()
    {
        var error = Assert.Throws<FlowConfigurationException>(() => Parse("""
            jtype: Flow
            with:
              tracing: maybe
              traces_exporter_port: 70000
            executors:
              - uses: A
                traces_exporter_host: 'http://collector/path'
                traces_exporter_port: zero
            """));

        Assert.Equal(
            new[]
            {
                "flow.yml:3: with.tracing: expected true or false, found 'maybe'",
                "flow.yml:4: with.traces_exporter_port: '70000' is not a port number (1-65535)",
                "flow.yml:7: executors[0].traces_exporter_host: 'http://collector/path' is not a host name or http(s) URL (such as localhost or http://collector)",
                "flow.yml:8: executors[0].traces_exporter_port: expected an integer, found 'zero'",
            },
            error.Errors);
    }

    [Fact]
    public void A_command_lines_values_override_the_yamls()
    {
        var yaml = new TracingSettings { ExporterHost = "collector", ExporterPort = 4317 };

        Assert.Same(yaml, yaml.Override(enable: false, host: null, port: null));
        Assert.Equal(new TracingSettings { Enabled = true, ExporterHost = "collector", ExporterPort = 4317 }, yaml.Override(enable: true, host: null, port: null));
        Assert.Equal(new TracingSettings { ExporterHost = "elsewhere", ExporterPort = 9 }, yaml.Override(enable: false, host: "elsewhere", port: 9));
    }

    private static FlowDefinition Parse(string yaml) => FlowYaml.Parse(yaml, "flow.yml", ".", _ => null);
}
