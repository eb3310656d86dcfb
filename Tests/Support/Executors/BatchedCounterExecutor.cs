using System.Collections.Concurrent;

namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Batched by attribute: records the size of every call it gets and replaces each text.</summary>
internal sealed class BatchedCounterExecutor(string key) : Executor
{
    public static ConcurrentDictionary<string, ConcurrentQueue<int>> Calls { get; } = new();

    [Requests]
    [DynamicBatching(PreferredBatchSize = 3, TimeoutMs = 60_000)]
    public DocumentArray Run(DocumentArray docs)
    {
        Calls.GetOrAdd(key, _ => new ConcurrentQueue<int>()).Enqueue(docs.Count);

        // A new array with new documents (same ids): the batch is split back by id.
        return new DocumentArray(docs.Select(d => new Document($"{d.Text}:batched") { Id = d.Id }));
    }
}
