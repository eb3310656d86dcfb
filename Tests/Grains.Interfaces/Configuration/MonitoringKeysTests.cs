using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Configuration;

/// <summary>Jina's metrics keys in <c>with:</c> and on executors: monitoring, port_monitoring, metrics, metrics_exporter_host/port.</summary>
public sealed class MonitoringKeysTests
{
    [Fact]
    public void Reads_the_keys_in_with_as_every_executors_default_and_an_executors_own_over_them()
    {
        var flow = FlowYaml.Parse("""
            jtype: Flow
            with:
              monitoring: true
              port_monitoring: 9090
              metrics: true
              metrics_exporter_host: collector
              metrics_exporter_port: 4318
            executors:
              - name: a
                uses: FooExecutor
              - name: b
                uses: BarExecutor
                port_monitoring: 9091
                metrics: false
            """, "flow.yml", ".", _ => null);

        var expected = new MonitoringSettings { Monitoring = true, PortMonitoring = 9090, Metrics = true, MetricsExporterHost = "collector", MetricsExporterPort = 4318 };
        Assert.Equal(expected, flow.Gateway.Monitoring);
        Assert.Equal(new Uri("http://collector:4318/"), flow.Gateway.Monitoring.OtlpEndpoint);
        Assert.Equal(expected, flow.Executors[0].Monitoring);
        Assert.Equal(expected with { PortMonitoring = 9091, Metrics = false }, flow.Executors[1].Monitoring);
        Assert.Null(flow.Executors[1].Monitoring.OtlpEndpoint);
    }

    [Fact]
    public void Off_by_default()
    {
        var flow = FlowYaml.Parse("jtype: Flow\nexecutors:\n  - uses: FooExecutor\n", "flow.yml", ".", _ => null);

        Assert.Same(MonitoringSettings.Off, flow.Gateway.Monitoring);
        Assert.Same(MonitoringSettings.Off, flow.Executors[0].Monitoring);
        Assert.False(flow.Gateway.Monitoring.Monitoring);
        Assert.Null(flow.Gateway.Monitoring.OtlpEndpoint);
    }

    [Fact]
    public void A_Deployment_gives_its_keys_to_its_gateway_and_its_executor()
    {
        var flow = FlowYaml.Parse("""
            jtype: Deployment
            with:
              uses: FooExecutor
              monitoring: true
              port_monitoring: 9100
            """, "deployment.yml", ".", _ => null);

        Assert.Equal(new MonitoringSettings { Monitoring = true, PortMonitoring = 9100 }, flow.Gateway.Monitoring);
        Assert.Equal(flow.Gateway.Monitoring, Assert.Single(flow.Executors).Monitoring);
    }

    [Fact]
    public void Bad_values_fail_with_file_and_line()
    {
        var error = Assert.Throws<FlowConfigurationException>(() => FlowYaml.Parse("""
            jtype: Flow
            with:
              monitoring: maybe
              port_monitoring: 70000
              metrics: true
            executors:
              - uses: FooExecutor
                port_monitoring: nine
                metrics_exporter_port: 0
            """, "flow.yml", ".", _ => null));

        Assert.Contains("flow.yml:3: with.monitoring:", error.Message, StringComparison.Ordinal);
        Assert.Contains("flow.yml:4: with.port_monitoring: '70000' is not a port number (0-65535)", error.Message, StringComparison.Ordinal);
        Assert.Contains("with.metrics: metrics: true needs metrics_exporter_host", error.Message, StringComparison.Ordinal);
        Assert.Contains("flow.yml:8: executors[0].port_monitoring: 'nine' is not a port number (0-65535)", error.Message, StringComparison.Ordinal);
        Assert.Contains("flow.yml:9: executors[0].metrics_exporter_port: '0' is not a port number (1-65535)", error.Message, StringComparison.Ordinal);
    }
}
