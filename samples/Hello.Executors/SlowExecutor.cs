namespace JinaOrleans.Samples.Hello;

/// <summary>
/// Stands in for a model call that takes time: waits <c>delay_ms</c> (a parameter, default 0) and then appends
/// "." to every document's text. Honours cancellation; a negative delay is an error.
/// </summary>
public sealed class SlowExecutor : Executor
{
    [Requests]
    public async Task Run(DocumentArray docs, Parameters parameters, CancellationToken cancellationToken)
    {
        var delay = parameters.GetInt32("delay_ms");
        ArgumentOutOfRangeException.ThrowIfNegative(delay, "delay_ms");
        if (delay > 0)
        {
            await Task.Delay(delay, cancellationToken);
        }

        foreach (var doc in docs)
        {
            doc.Text += ".";
        }
    }
}
