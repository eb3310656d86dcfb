using Xunit;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// Tests that count what the process-wide <c>JinaOrleans</c> meter recorded: they run one at a time and after the
/// parallel ones, so no other test's flow adds to their counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
