using JinaOrleans.Configuration;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Tests.Support;

/// <summary>A flow YAML run in this process with the sample executors, on 127.0.0.1.</summary>
internal sealed class EmbeddedFlowHost(Flow flow) : IFlowHost
{
    public static async Task<IFlowHost> StartAsync(string yaml)
    {
        var definition = FlowYaml.Parse(yaml, "flow.yml", ".", _ => null);
        definition = definition with { Gateway = definition.Gateway with { Host = "127.0.0.1", Ports = [.. definition.Gateway.Ports.Select(_ => 0)] } };
        var flow = new Flow(definition) { ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None) };
        flow.ExecutorTypes.RegisterAssembly(typeof(JinaOrleans.Samples.Hello.FooExecutor).Assembly);
        flow.ExecutorTypes.RegisterAssembly(typeof(JinaOrleans.Samples.Flows.SetFieldExecutor).Assembly);
        return new EmbeddedFlowHost(await flow.StartAsync());
    }

    public JinaOrleans.Client.Client CreateClient() => new(host: "127.0.0.1", port: flow.Port);

    public ValueTask DisposeAsync() => flow.DisposeAsync();
}
