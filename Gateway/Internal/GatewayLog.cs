using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway.Internal;

/// <summary>Log messages of the gateway, with stable event ids.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(300, LogLevel.Error, "Request {RequestId} failed inside the gateway.")]
    public static partial void RequestFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(301, LogLevel.Warning, "Request {RequestId} failed with {StatusCode}: {Detail}")]
    public static partial void RequestTransportFailed(ILogger logger, string requestId, global::Grpc.Core.StatusCode statusCode, string detail);

    [LoggerMessage(304, LogLevel.Information, "A call to flow {Flow} did not reach a live silo (attempt {Attempt}): {Detail}; trying again.")]
    public static partial void FlowCallRetried(ILogger logger, string flow, int attempt, string detail);

    [LoggerMessage(305, LogLevel.Information, "Request {RequestId} dropped: its header.timeout {Timeout} (epoch seconds) {When}.")]
    public static partial void RequestTimedOut(ILogger logger, string requestId, uint timeout, string when);

    [LoggerMessage(303, LogLevel.Debug, "A client stream ended with an error while reading requests.")]
    public static partial void StreamReadFailed(ILogger logger, Exception exception);
}
