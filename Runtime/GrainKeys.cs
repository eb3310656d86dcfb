using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace JinaOrleans.Runtime;

/// <summary>The keys of the grains a deployment is made of: its shards and its uses_before/uses_after heads.</summary>
public static class GrainKeys
{
    private const string ShardMarker = "/shard-";

    /// <summary><c>name/shard-i</c>.</summary>
    public static string Shard(string deployment, int shard) => deployment + ShardMarker + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>name/uses_before</c>.</summary>
    public static string Before(string deployment) => deployment + "/uses_before";

    /// <summary><c>name/uses_after</c>.</summary>
    public static string After(string deployment) => deployment + "/uses_after";

    /// <summary>Splits a shard key into its deployment and shard number.</summary>
    public static bool TryParseShard(string key, [NotNullWhen(true)] out string? deployment, out int shard)
    {
        var at = key.LastIndexOf(ShardMarker, StringComparison.Ordinal);
        if (at > 0 && int.TryParse(key.AsSpan(at + ShardMarker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out shard))
        {
            deployment = key[..at];
            return true;
        }

        deployment = null;
        shard = 0;
        return false;
    }
}
