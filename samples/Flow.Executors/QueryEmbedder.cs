namespace JinaOrleans.Samples.Flows;

/// <summary>
/// A typed executor (Jina's <c>def embed(self, docs: DocList[Query], **kw) -&gt; DocList[Query]</c>): splits each
/// query's text into tokens and gives it a two-number embedding (its length in characters and in words).
/// </summary>
public sealed class QueryEmbedder : Executor
{
    [Requests("/embed")]
    public DocList<Query> Embed(DocList<Query> queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        foreach (var query in queries)
        {
            query.Tokens = [.. query.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            query.Words = query.Tokens.Count;
            query.Embedding = [query.Text.Length, query.Words];
        }

        return queries;
    }
}
