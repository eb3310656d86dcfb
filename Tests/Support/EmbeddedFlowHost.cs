using JinaOrleans.Configuration;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Tests.Support;

/// <summary>A flow YAML run in this process with the sample executors, on 127.0.0.1.</summary>
internal sealed class EmbeddedFlowHost(Flow flow) : IFlowHost
{
    public static async Task<IFlowHost> StartAsync(string yaml) => new EmbeddedFlowHost(await Create(yaml).StartAsync());

    /// <summary>
    /// The flow of <paramref name="yaml"/> (relative paths against <paramref name="baseDirectory"/>), not started: its
    /// gateway on 127.0.0.1 and free ports, logging as <paramref name="logging"/> sets it up (none by default).
    /// </summary>
    public static Flow Create(string yaml, Action<ILoggingBuilder>? logging = null, string baseDirectory = ".")
    {
        var definition = FlowYaml.Parse(yaml, "flow.yml", baseDirectory, _ => null);
        definition = definition with { Gateway = definition.Gateway with { Host = "127.0.0.1", Ports = [.. definition.Gateway.Ports.Select(_ => 0)] } };
        var flow = new Flow(definition) { ConfigureLogging = logging ?? (builder => builder.SetMinimumLevel(LogLevel.None)) };
        flow.ExecutorTypes.RegisterAssembly(typeof(JinaOrleans.Samples.Hello.FooExecutor).Assembly);
        flow.ExecutorTypes.RegisterAssembly(typeof(JinaOrleans.Samples.Flows.SetFieldExecutor).Assembly);
        return flow;
    }

    public JinaOrleans.Client.Client CreateClient() => new(host: "127.0.0.1", port: flow.Port);

    public ValueTask DisposeAsync() => flow.DisposeAsync();
}
