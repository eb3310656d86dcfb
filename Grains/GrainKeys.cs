using System.Globalization;

namespace JinaOrleans.Grains;

/// <summary>
/// The keys of the grains a deployment is made of, named as Jina names its runtimes: its replicas
/// (<c>name/rep-i</c>), its shards (<c>name/shard-i</c>) and its uses_before/uses_after heads (deployments of their
/// own, <c>name/uses_before</c> and <c>name/uses_after</c>).
/// </summary>
public static class GrainKeys
{
    private const string ReplicaMarker = "/rep-";
    private const string ShardMarker = "/shard-";

    /// <summary><c>name/rep-i</c>.</summary>
    public static string Replica(string deployment, int replica) => deployment + ReplicaMarker + replica.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>name/shard-i</c>.</summary>
    public static string Shard(string deployment, int shard) => deployment + ShardMarker + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>name/uses_before</c>.</summary>
    public static string Before(string deployment) => deployment + "/uses_before";

    /// <summary><c>name/uses_after</c>.</summary>
    public static string After(string deployment) => deployment + "/uses_after";

    /// <summary>Splits <c>name/rep-i</c> or <c>name/shard-i</c> into the deployment name and the index.</summary>
    public static bool TryParse(string key, out string deployment, out int index)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var marker in (ReadOnlySpan<string>)[ReplicaMarker, ShardMarker])
        {
            var at = key.LastIndexOf(marker, StringComparison.Ordinal);
            if (at > 0 && int.TryParse(key.AsSpan(at + marker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out index))
            {
                deployment = key[..at];
                return true;
            }
        }

        deployment = string.Empty;
        index = -1;
        return false;
    }
}
