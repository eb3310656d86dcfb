using JinaOrleans.Tests.Support;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>The typed schema suite in one process.</summary>
public sealed class EmbeddedTypedSchemaTests : TypedSchemaTests
{
    private protected override Task<IFlowHost> StartAsync(string yaml) => EmbeddedFlowHost.StartAsync(yaml);
}
