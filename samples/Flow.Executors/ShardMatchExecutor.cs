namespace JinaOrleans.Samples.Flows;

/// <summary>
/// A stand-in for one shard of a search index: adds to every document one match found "in this shard"
/// (id <c>{doc}-shard{N}</c>). A shard named by the <c>fail_shard</c> parameter raises instead.
/// </summary>
public sealed class ShardMatchExecutor : Executor
{
    [Requests]
    public void Search(DocumentArray docs, Parameters parameters)
    {
        var shard = Replica.Shard;
        if (parameters.ContainsKey("fail_shard") && parameters.GetInt32("fail_shard") == shard)
        {
            throw new InvalidOperationException($"shard {shard} is broken");
        }

        foreach (var doc in docs)
        {
            doc.Matches.Add(new Document($"match from shard {shard}") { Id = $"{doc.Id}-shard{shard}" });
        }
    }
}
