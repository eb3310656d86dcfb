namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Serves <c>/index</c> only (no catch-all), so every other endpoint skips it.</summary>
internal sealed class IndexOnlyExecutor : Executor
{
    [Requests("/index")]
    public void Index(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            doc.Text += "[indexed]";
        }
    }
}
