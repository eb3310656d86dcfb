using JinaOrleans.Tests.Support;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>The topology suite on a gateway and two silo processes.</summary>
public sealed class ClusterFlowTopologyTests : FlowTopologyTests
{
    private protected override Task<IFlowHost> StartAsync(string yaml) => ClusterFlowHost.StartAsync(yaml);
}
