namespace JinaOrleans.Samples.Hello;

/// <summary>Appends <c>goodbye!</c> to every document's text.</summary>
public sealed class BarExecutor : Executor
{
    [Requests]
    public void AddGoodbye(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            doc.Text += "goodbye!";
        }
    }
}
