using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Client;

/// <summary>
/// Where the time of one request went (Jina's <c>client.profiling()</c> report): the round trip the client measured,
/// the gateway's own hop (<c>routes[0]</c>, from arrival to reply) and each executor's route (from the gateway sending
/// to it until its answer came back), as durations between the routes' timestamps, to their 100 ns.
/// </summary>
public sealed class Profile
{
    private Profile(Response response, TimeSpan roundtrip, TimeSpan server, OrderedDictionary<string, TimeSpan> executors)
    {
        Response = response;
        Roundtrip = roundtrip;
        Server = server;
        Executors = executors;
    }

    /// <summary>The response the timings come from.</summary>
    public Response Response { get; }

    /// <summary>From sending the request until the post ended, as the client measured it.</summary>
    public TimeSpan Roundtrip { get; }

    /// <summary>The gateway's hop: from the request's arrival until the reply left (Jina's "Server").</summary>
    public TimeSpan Server { get; }

    /// <summary>The round trip outside the gateway (Jina's "Client-server network").</summary>
    public TimeSpan ClientServerNetwork => Roundtrip - Server;

    /// <summary>Each executor's route duration by executor name, in route order (an executor on several routes: their sum).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Executors { get; }

    /// <summary>The gateway's hop outside the executors' routes (Jina's "Gateway-executors network").</summary>
    public TimeSpan GatewayExecutorsNetwork => Server - Executors.Values.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);

    /// <summary>
    /// The timings from <paramref name="response"/>'s routes, with <paramref name="roundtrip"/> as measured by the
    /// caller. The first route must be the gateway's (every Jina gateway writes it first).
    /// </summary>
    public static Profile FromResponse(Response response, TimeSpan roundtrip)
    {
        ArgumentNullException.ThrowIfNull(response);
        var routes = response.Routes;
        if (routes.Count == 0)
        {
            throw new ArgumentException($"Response {response.RequestId} carries no routes, so it has no timings to profile (a Jina gateway writes its own route first).", nameof(response));
        }

        var executors = new OrderedDictionary<string, TimeSpan>(StringComparer.Ordinal);
        for (var i = 1; i < routes.Count; i++)
        {
            var duration = DurationOf(routes[i]);
            executors[routes[i].Executor] = executors.TryGetValue(routes[i].Executor, out var earlier) ? earlier + duration : duration;
        }

        return new Profile(response, roundtrip, DurationOf(routes[0]), executors);
    }

    /// <summary>
    /// The report as Jina's <c>profiling()</c> returns it: milliseconds (fractional) under <c>Roundtrip</c>,
    /// <c>Client-server network</c>, <c>Server</c>, <c>Gateway-executors network</c>, then one key per executor.
    /// </summary>
    public IReadOnlyDictionary<string, double> ToMilliseconds()
    {
        var report = new OrderedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["Roundtrip"] = Roundtrip.TotalMilliseconds,
            ["Client-server network"] = ClientServerNetwork.TotalMilliseconds,
            ["Server"] = Server.TotalMilliseconds,
            ["Gateway-executors network"] = GatewayExecutorsNetwork.TotalMilliseconds,
        };
        foreach (var (executor, duration) in Executors)
        {
            report[executor] = duration.TotalMilliseconds;
        }

        return report;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Roundtrip {Roundtrip.TotalMilliseconds:0.###} ms, server {Server.TotalMilliseconds:0.###} ms"
        + string.Concat(Executors.Select(e => $", {e.Key} {e.Value.TotalMilliseconds:0.###} ms"));

    // A route without both times (one the gateway never finished) took no measurable time.
    private static TimeSpan DurationOf(RouteProto route) =>
        route.StartTime is { } start && route.EndTime is { } end ? (end - start).ToTimeSpan() : TimeSpan.Zero;
}
