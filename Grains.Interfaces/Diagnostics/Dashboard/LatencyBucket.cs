namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>One bucket of a latency histogram: <paramref name="Count"/> values of about <paramref name="Microseconds"/>.</summary>
/// <param name="Microseconds">The bucket's value (HdrHistogram's highest equivalent value), in microseconds.</param>
/// <param name="Count">How many values fell in the bucket.</param>
[GenerateSerializer]
[Immutable]
[Alias("jina.LatencyBucket")]
public readonly record struct LatencyBucket([property: Id(0)] long Microseconds, [property: Id(1)] long Count);
