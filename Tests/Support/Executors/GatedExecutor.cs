namespace JinaOrleans.Tests.Support.Executors;

/// <summary>Each document waits at the gate under its own text, then gets "!" appended.</summary>
internal sealed class GatedExecutor(string gate) : Executor
{
    [Requests]
    public async Task Run(DocumentArray docs, CancellationToken cancellationToken)
    {
        foreach (var doc in docs)
        {
            await Gate.Get(gate).PassAsync(doc.Text ?? string.Empty, cancellationToken);
            doc.Text += "!";
        }
    }
}
