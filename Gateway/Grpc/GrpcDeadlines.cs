using Grpc.Core;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The caller's deadline of a grpc-dotnet call: as the flow's calls carry it, and as the status a call ends with.</summary>
internal static class GrpcDeadlines
{
    /// <summary>The deadline in UTC, or null when the caller set none (grpc-dotnet reports <see cref="DateTime.MaxValue"/>).</summary>
    public static DateTimeOffset? Of(ServerCallContext context) =>
        context.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(DateTime.SpecifyKind(context.Deadline, DateTimeKind.Utc));

    /// <summary>
    /// Whether a cancellation that ended a handler belongs to the call: its token was cancelled (the caller went away,
    /// or grpc-dotnet's deadline timer fired), or the flow enforced the caller's deadline itself.
    /// </summary>
    public static bool EndedBy(ServerCallContext context) =>
        context.CancellationToken.IsCancellationRequested || context.Deadline != DateTime.MaxValue;

    /// <summary>
    /// The status of a call ended by <see cref="EndedBy"/>: DEADLINE_EXCEEDED when the caller set a deadline and it
    /// passed or the flow enforced it (the token is still live then), CANCELLED when the caller cancelled. A handler
    /// throws this rather than the bare cancellation, which grpc-dotnet would report as UNKNOWN.
    /// </summary>
    public static RpcException Cancelled(ServerCallContext context) =>
        context.Deadline != DateTime.MaxValue && (context.Deadline <= DateTime.UtcNow || !context.CancellationToken.IsCancellationRequested)
            ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The call's deadline passed before the flow answered."))
            : new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
}
