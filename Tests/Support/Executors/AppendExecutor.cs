namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Appends <c>suffix</c> to every document's text.</summary>
internal sealed class AppendExecutor(string suffix = "+") : Executor
{
    [Requests]
    public void Append(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            doc.Text += suffix;
        }
    }
}
