namespace JinaOrleans.Tests.Support;

/// <summary>One test's Orleans cluster: the Redis holding its membership and its cluster id.</summary>
internal sealed record ClusterContext(string Redis, string ClusterId)
{
    /// <summary>The arguments that put a silo or gateway process in this cluster.</summary>
    public string[] Arguments => ["--redis", Redis, "--cluster-id", ClusterId];
}
