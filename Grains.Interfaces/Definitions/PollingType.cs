namespace JinaOrleans.Definitions;

/// <summary>Jina's PollingType: how a request reaches the shards of a deployment (ANY=1, ALL=2).</summary>
public enum PollingType
{
    /// <summary>One shard gets the request.</summary>
    Any = 1,

    /// <summary>Every shard gets it; the results are reduced (or handed to <c>uses_after</c>).</summary>
    All = 2,
}
