namespace JinaOrleans.Grains.Executors;

/// <summary>
/// The parts an executor with <c>no_reduce: true</c> receives from several upstream branches: one
/// DocumentArray per part (<c>docs_matrix</c>) and the same keyed by the last executor on each part's route
/// (<c>docs_map</c>).
/// </summary>
internal sealed record DocumentParts(IReadOnlyList<DocumentArray> Matrix, IReadOnlyDictionary<string, DocumentArray> Map);
