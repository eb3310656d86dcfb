using Grpc.Core;

namespace JinaOrleans.Gateway.Grpc;

/// <summary>The caller's deadline of a grpc-dotnet call: as the flow's calls carry it, and as the status a call ends with.</summary>
internal static class GrpcDeadlines
{
    /// <summary>The deadline in UTC, or null when the caller set none (grpc-dotnet reports <see cref="DateTime.MaxValue"/>).</summary>
    public static DateTimeOffset? Of(ServerCallContext context) =>
        context.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(DateTime.SpecifyKind(context.Deadline, DateTimeKind.Utc));

    /// <summary>
    /// The status of a call whose token was cancelled: DEADLINE_EXCEEDED once the caller's deadline has passed (grpc-dotnet
    /// cancels the token then), CANCELLED otherwise. A handler throws this rather than the bare cancellation, which
    /// grpc-dotnet would report as UNKNOWN.
    /// </summary>
    public static RpcException Cancelled(ServerCallContext context) =>
        context.Deadline <= DateTime.UtcNow
            ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The call's deadline passed before the flow answered."))
            : new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
}
