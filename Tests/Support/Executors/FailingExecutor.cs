namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Fails on <c>/fail</c>; marks documents on every other endpoint.</summary>
internal sealed class FailingExecutor : Executor
{
    [Requests("/fail")]
    public void Fail(DocumentArray docs) => throw new InvalidOperationException("no time");

    [Requests]
    public void Pass(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            doc.Text += "passed";
        }
    }
}
