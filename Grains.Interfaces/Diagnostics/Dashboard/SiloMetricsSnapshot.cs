using System.Collections.Immutable;

namespace JinaOrleans.Diagnostics.Dashboard;

/// <summary>What one process measured on the <c>JinaOrleans</c> meter, series by series (<see cref="ISiloMetricsGrain"/>).</summary>
/// <param name="Silo">The Orleans silo address of the process (<c>127.0.0.1:11111@…</c>); empty for a process without a silo.</param>
/// <param name="WindowSeconds">The sliding window's length.</param>
/// <param name="Series">Every series measured since listening began.</param>
[GenerateSerializer]
[Immutable]
[Alias("jina.SiloMetricsSnapshot")]
public sealed record SiloMetricsSnapshot(
    [property: Id(0)] string Silo,
    [property: Id(1)] int WindowSeconds,
    [property: Id(2)] ImmutableArray<SeriesSnapshot> Series);
