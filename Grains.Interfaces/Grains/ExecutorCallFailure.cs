namespace JinaOrleans.Grains;

/// <summary>Why an executor call failed in transport (<see cref="ExecutorCallException"/>).</summary>
[GenerateSerializer]
public enum ExecutorCallFailure
{
    /// <summary>No replica or silo could be reached (gRPC UNAVAILABLE, HTTP 503, WebSocket 1011).</summary>
    Unavailable = 0,

    /// <summary>The executor did not answer within its <c>timeout_send</c> (gRPC DEADLINE_EXCEEDED, HTTP 504).</summary>
    DeadlineExceeded = 1,

    /// <summary>The request names something that does not exist, such as an invalid <c>target_executor</c> (gRPC INVALID_ARGUMENT).</summary>
    InvalidArgument = 2,

    /// <summary>Any other failure on the way to the executor (gRPC INTERNAL, HTTP 500).</summary>
    Internal = 3,
}
