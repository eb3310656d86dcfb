using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Client;
using JinaOrleans.Protos.Jina;
using Xunit;

namespace JinaOrleans.Tests.Client;

/// <summary>The profiling report computed from a response's route timestamps.</summary>
public sealed class ProfileTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Durations_come_from_the_route_timestamps_to_the_hundred_nanoseconds()
    {
        var response = Respond(
            Route("gateway", 0, 9_750_300),
            Route("encoder", 1_000_000, 5_250_100),
            Route("indexer", 5_500_000, 8_125_000));

        var profile = Profile.FromResponse(response, TimeSpan.FromTicks(120_000));

        Assert.Equal(TimeSpan.FromTicks(97_503), profile.Server);
        Assert.Equal(["encoder", "indexer"], profile.Executors.Keys);
        Assert.Equal(TimeSpan.FromTicks(42_501), profile.Executors["encoder"]);
        Assert.Equal(TimeSpan.FromTicks(26_250), profile.Executors["indexer"]);
        Assert.Equal(TimeSpan.FromTicks(120_000 - 97_503), profile.ClientServerNetwork);
        Assert.Equal(TimeSpan.FromTicks(97_503 - 42_501 - 26_250), profile.GatewayExecutorsNetwork);
        var report = profile.ToMilliseconds();
        Assert.Equal(["Roundtrip", "Client-server network", "Server", "Gateway-executors network", "encoder", "indexer"], report.Keys);
        Assert.Equal(4.2501, report["encoder"], 10);
        Assert.Equal(12.0, report["Roundtrip"], 10);
    }

    [Fact]
    public void An_executor_on_several_routes_adds_up_and_a_route_without_an_end_counts_nothing()
    {
        var unfinished = new RouteProto { Executor = "late", StartTime = Timestamp.FromDateTimeOffset(T0) };
        var response = Respond(Route("gateway", 0, 1_000_000), Route("shard", 0, 200_000), Route("shard", 300_000, 400_000), unfinished);

        var profile = Profile.FromResponse(response, TimeSpan.FromMilliseconds(2));

        Assert.Equal(TimeSpan.FromTicks(3_000), profile.Executors["shard"]);
        Assert.Equal(TimeSpan.Zero, profile.Executors["late"]);
    }

    [Fact]
    public void A_response_without_routes_has_nothing_to_profile()
    {
        var response = new Response(new DataRequestProto { Header = new HeaderProto { RequestId = "r1" } });

        var error = Assert.Throws<ArgumentException>(() => Profile.FromResponse(response, TimeSpan.Zero));

        Assert.Contains("r1 carries no routes", error.Message, StringComparison.Ordinal);
    }

    private static Response Respond(params RouteProto[] routes)
    {
        var proto = new DataRequestProto { Header = new HeaderProto { RequestId = "r" } };
        proto.Routes.AddRange(routes);
        return new Response(proto);
    }

    // Start and end as nanoseconds after T0.
    private static RouteProto Route(string executor, long startNanos, long endNanos) => new()
    {
        Executor = executor,
        StartTime = Timestamp.FromDateTimeOffset(T0) + Duration.FromTimeSpan(TimeSpan.FromTicks(startNanos / 100)),
        EndTime = Timestamp.FromDateTimeOffset(T0) + Duration.FromTimeSpan(TimeSpan.FromTicks(endNanos / 100)),
    };
}
