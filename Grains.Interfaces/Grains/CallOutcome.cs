using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Grains;

/// <summary>
/// What one request of a batched grain call came to (<see cref="IExecutorGrain.ProcessManyAsync"/>,
/// <see cref="IFlowGrain.ProcessManyAsync"/>): its response, or the exception a single call would have thrown.
/// </summary>
[GenerateSerializer]
[Immutable]
public readonly record struct CallOutcome
{
    /// <summary>A response (executor errors included: they travel in its <c>header.status</c>).</summary>
    public CallOutcome(DataRequestProto response)
    {
        Response = response;
    }

    /// <summary>A failure in transport, a deadline or a cancellation.</summary>
    public CallOutcome(Exception error)
    {
        Error = error;
    }

    /// <summary>The response, when the request was answered.</summary>
    [Id(0)]
    public DataRequestProto? Response { get; init; }

    /// <summary>The exception, when it was not.</summary>
    [Id(1)]
    public Exception? Error { get; init; }
}
