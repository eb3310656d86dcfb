namespace JinaOrleans.Samples.Hello;

/// <summary>Appends <c>hello, world!</c> to every document's text.</summary>
public sealed class FooExecutor : Executor
{
    [Requests]
    public void AddHello(DocumentArray docs)
    {
        foreach (var doc in docs)
        {
            doc.Text += "hello, world!";
        }
    }
}
