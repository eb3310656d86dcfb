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
}
