namespace JinaOrleans.Samples.Flows;

/// <summary>Raises <see cref="InvalidOperationException"/> with <c>message</c> on every request.</summary>
public sealed class FailExecutor(string message = "failed on purpose") : Executor
{
    [Requests]
    public void Fail(DocumentArray docs) => throw new InvalidOperationException(message);
}
