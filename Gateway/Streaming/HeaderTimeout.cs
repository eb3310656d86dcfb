using System.Globalization;
using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Gateway.Streaming;

/// <summary>
/// <c>header.timeout</c> (JINA_PROTOCOL.md §1.1, HeaderProto field 5, optional uint32): the epoch second after which
/// the request is to be dropped. The gateway drops a request whose second has passed without processing it, and
/// stops one still running when it passes. Either way the request ends with DEADLINE_EXCEEDED (HTTP 504, WebSocket
/// close 1011), and the status says which timeout it was and when it passed.
/// </summary>
internal static class HeaderTimeout
{
    // A timer set for the rest of a timeout fires up to this much early (CancelAfter rounds down to whole milliseconds).
    private static readonly TimeSpan TimerRounding = TimeSpan.FromMilliseconds(1);

    /// <summary>The instant <paramref name="header"/>'s timeout passes (it must have one).</summary>
    public static DateTimeOffset DeadlineOf(HeaderProto header) => DateTimeOffset.FromUnixTimeSeconds(header.Timeout);

    /// <summary>The status of a request whose timeout had passed when the gateway received it.</summary>
    public static RpcException Passed(HeaderProto header, DateTimeOffset now) =>
        new(new Status(
            StatusCode.DeadlineExceeded,
            $"Request {header.RequestId} was dropped without being processed: its header.timeout {header.Timeout} ({Format(DeadlineOf(header))}) "
            + $"had passed {(now - DeadlineOf(header)).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s before the gateway received it."));

    /// <summary>The status of a request stopped because its timeout passed while it ran.</summary>
    public static RpcException RanPast(HeaderProto header) =>
        new(new Status(
            StatusCode.DeadlineExceeded,
            $"Request {header.RequestId} was stopped: it ran past its header.timeout {header.Timeout} ({Format(DeadlineOf(header))})."));

    /// <summary>
    /// Whether <paramref name="exception"/>, ending a request at <paramref name="now"/> that its caller did not cancel,
    /// came from its timeout: the cancellation the timeout caused (the gateway's timer, or an executor's token the flow
    /// cancelled at it), or a deadline status from inside the flow (an external executor given what was left of it).
    /// </summary>
    public static bool EndedBy(Exception exception, HeaderProto header, DateTimeOffset now) => exception switch
    {
        OperationCanceledException => true,
        RpcException { StatusCode: StatusCode.DeadlineExceeded } => now >= DeadlineOf(header) - TimerRounding,
        _ => false,
    };

    private static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
