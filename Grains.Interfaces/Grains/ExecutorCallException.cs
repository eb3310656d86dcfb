namespace JinaOrleans.Grains;

/// <summary>
/// An executor could not be reached or did not answer in time: the call failed in transport, not in the executor
/// (an executor's own error comes back in <c>header.status</c>). Crosses grain calls and silos with its
/// <see cref="Failure"/>, which the gateway turns into a gRPC status, an HTTP code or a WebSocket close code.
/// </summary>
[GenerateSerializer]
[Alias("jina.ExecutorCallException")]
public sealed class ExecutorCallException : Exception
{
    public ExecutorCallException()
    {
    }

    public ExecutorCallException(string message)
        : base(message)
    {
    }

    public ExecutorCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExecutorCallException(ExecutorCallFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>What went wrong.</summary>
    [Id(0)]
    public ExecutorCallFailure Failure { get; init; } = ExecutorCallFailure.Unavailable;
}
