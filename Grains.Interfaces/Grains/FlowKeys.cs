using System.Globalization;

namespace JinaOrleans.Grains;

/// <summary>
/// The keys of a flow's grains: the flow's name, or <c>{flow}/p-{generation}.{index}</c> for one of the partitions a
/// gateway spreads its requests over (each partition is its own grain id, so Orleans' client sends a partition's calls,
/// and their cancellations, through one silo gateway, and different partitions through different ones).
/// </summary>
public static class FlowKeys
{
    private const string PartitionMarker = "/p-";

    /// <summary><c>{flow}/p-{generation}.{index}</c>.</summary>
    public static string Partition(string flow, long generation, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{flow}{PartitionMarker}{generation}.{index}");

    /// <summary>The flow a key names: the part before the partition, or the whole key.</summary>
    public static string FlowName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.LastIndexOf(PartitionMarker, StringComparison.Ordinal);
        return at > 0 ? key[..at] : key;
    }
}
