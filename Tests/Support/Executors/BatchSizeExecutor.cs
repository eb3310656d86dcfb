namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Tags every document with the size of the request it arrived in.</summary>
internal sealed class BatchSizeExecutor : Executor
{
    [Requests]
    public async Task<DocumentArray> Tag(DocumentArray docs, CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var doc in docs)
        {
            doc.Tags["batch"] = docs.Count;
        }

        return docs;
    }
}
