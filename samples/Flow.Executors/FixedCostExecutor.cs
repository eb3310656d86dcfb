namespace JinaOrleans.Samples.Flows;

/// <summary>
/// Stands in for a model whose cost is per call, not per document (a GPU batch): every call takes
/// <c>cost_ms</c> (uses_with), however many documents it gets, and tags each document with the size of its call. The
/// case dynamic batching is for.
/// </summary>
public sealed class FixedCostExecutor(int costMs = 5) : Executor
{
    [Requests]
    public async Task Infer(DocumentArray docs, Parameters parameters, CancellationToken cancellationToken)
    {
        if (parameters.GetString("fail_on") is { } poison && docs.Any(d => d.Text == poison))
        {
            throw new InvalidOperationException($"a document says '{poison}'");
        }

        await Task.Delay(costMs, cancellationToken);
        foreach (var doc in docs)
        {
            doc.Tags["batch_size"] = docs.Count;
            if (parameters.GetString("label") is { } label)
            {
                doc.Tags["label"] = label;
            }
        }
    }
}
