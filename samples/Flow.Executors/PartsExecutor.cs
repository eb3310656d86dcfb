namespace JinaOrleans.Samples.Flows;

/// <summary>
/// For <c>no_reduce</c> joins: reports how many parts arrived, from which executors and how many documents each
/// held (in <c>parameters.__results__</c>), and keeps every document.
/// </summary>
public sealed class PartsExecutor : Executor
{
    [Requests]
    public Dictionary<string, object?> Count(DocumentArray docs, IReadOnlyList<DocumentArray> docsMatrix, IReadOnlyDictionary<string, DocumentArray> docsMap) => new()
    {
        ["parts"] = docsMatrix.Count,
        ["sizes"] = docsMatrix.Select(d => d.Count).ToArray(),
        ["from"] = docsMap.Keys.Order(StringComparer.Ordinal).ToArray(),
        ["total"] = docs.Count,
    };
}
