using JinaOrleans.Tests.Support;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>The topology suite with the flow embedded in the test process.</summary>
public sealed class EmbeddedFlowTopologyTests : FlowTopologyTests
{
    private protected override Task<IFlowHost> StartAsync(string yaml) => EmbeddedFlowHost.StartAsync(yaml);
}
