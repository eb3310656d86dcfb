namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>
/// The dashboard's view into one silo, keyed by the silo's address (<c>SiloAddress.ToParsableString()</c>) and placed
/// on that silo only: it answers the <c>JinaOrleans</c> measurements its process aggregated (per executor and endpoint,
/// over a sliding window). A silo that has left the cluster has no such grain to answer.
/// </summary>
[Alias("jina.ISiloMetricsGrain")]
public interface ISiloMetricsGrain : IGrainWithStringKey
{
    /// <summary>The silo's measurements now.</summary>
    [Alias("GetSnapshot")]
    Task<SiloMetricsSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);
}
