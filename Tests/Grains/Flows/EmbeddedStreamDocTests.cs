using JinaOrleans.Tests.Support;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>The stream_doc suite in one process.</summary>
public sealed class EmbeddedStreamDocTests : StreamDocTests
{
    private protected override Task<IFlowHost> StartAsync(string yaml) => EmbeddedFlowHost.StartAsync(yaml);
}
