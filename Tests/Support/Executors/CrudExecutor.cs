namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Serves Jina's CRUD endpoints and the catch-all, writing into each document's text which one ran.</summary>
internal sealed class CrudExecutor : Executor
{
    [Requests("/index")]
    public void Index(DocumentArray docs) => Mark(docs, "index");

    [Requests("/search")]
    public void Search(DocumentArray docs) => Mark(docs, "search");

    [Requests("/update")]
    public void Update(DocumentArray docs) => Mark(docs, "update");

    [Requests("/delete")]
    public void Delete(DocumentArray docs) => Mark(docs, "delete");

    [Requests]
    public void Other(DocumentArray docs) => Mark(docs, "default");

    private static void Mark(DocumentArray docs, string endpoint)
    {
        foreach (var doc in docs)
        {
            doc.Text = endpoint;
        }
    }
}
