namespace JinaOrleans.Samples.Flows;

/// <summary>
/// Stands in for an executor that loads a model: its <see cref="Executor.InitializeAsync"/> takes <c>init_ms</c>
/// (default 0), honouring cancellation. Appends <c>ready</c> to every document's text.
/// </summary>
public sealed class SlowStartExecutor(int initMs = 0) : Executor
{
    public override async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initMs);
        await Task.Delay(initMs, cancellationToken);
    }

    [Requests]
    public void Ready(DocumentArray docs)
    {
        ArgumentNullException.ThrowIfNull(docs);
        foreach (var doc in docs)
        {
            doc.Text += "ready";
        }
    }
}
