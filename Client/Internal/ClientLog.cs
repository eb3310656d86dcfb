using Microsoft.Extensions.Logging;

namespace JinaOrleans.Client.Internal;

/// <summary>Log messages of the client, with stable event ids.</summary>
internal static partial class ClientLog
{
    // Jina's client logs "Server error: <header>" for a failed response under continue_on_error.
    [LoggerMessage(600, LogLevel.Error, "Server error on request {RequestId} (executor {Executor}): {Description}; continuing with the other responses.")]
    public static partial void ResponseFailed(ILogger logger, string requestId, string executor, string description);

    [LoggerMessage(601, LogLevel.Error, "Uncaught exception in callback {Callback} for request {RequestId}; continuing with the other responses.")]
    public static partial void CallbackFailed(ILogger logger, string callback, string requestId, Exception exception);
}
