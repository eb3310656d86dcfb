namespace JinaOrleans.Grains.Placement;

/// <summary>
/// How a silo tells the cluster what it hosts: one Orleans silo-metadata entry per deployment and per flow, so
/// placement can find the silos for a grain without any directory of ours.
/// </summary>
public static class SiloHosting
{
    private const string ExecutorPrefix = "jina.executor.";
    private const string FlowPrefix = "jina.flow.";

    /// <summary>The metadata key saying this silo hosts deployment <paramref name="name"/>.</summary>
    public static string ExecutorKey(string name) => ExecutorPrefix + name;

    /// <summary>The metadata key saying this silo serves flow <paramref name="name"/>.</summary>
    public static string FlowKey(string name) => FlowPrefix + name;

    /// <summary>The deployments a silo's metadata lists, sorted.</summary>
    public static IReadOnlyList<string> Executors(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return [.. metadata.Keys.Where(k => k.StartsWith(ExecutorPrefix, StringComparison.Ordinal)).Select(k => k[ExecutorPrefix.Length..]).Order(StringComparer.Ordinal)];
    }
}
