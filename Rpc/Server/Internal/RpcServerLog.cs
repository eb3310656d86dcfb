using Microsoft.Extensions.Logging;

namespace JinaOrleans.Rpc.Server.Internal;

/// <summary>Log messages of the gRPC server side, with stable event ids.</summary>
internal static partial class RpcServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Unhandled exception in gRPC method {Method}.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "Deadline exceeded for gRPC method {Method}.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(3, LogLevel.Debug, "Rejected a {Length}-byte message to {Method}: the limit is {Limit} bytes.")]
    public static partial void MessageTooLarge(ILogger logger, string method, uint length, int limit);

    [LoggerMessage(4, LogLevel.Debug, "Could not complete the response of {Method} after its deadline.")]
    public static partial void CompletionFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "A cancellation callback of {Method} threw.")]
    public static partial void CancellationCallbackFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(6, LogLevel.Debug, "Rejected a call to {Path}: {Reason}.")]
    public static partial void CallRejected(ILogger logger, string path, string reason);
}
