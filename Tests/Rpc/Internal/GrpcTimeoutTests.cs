using JinaOrleans.Rpc.Internal;
using Xunit;

namespace JinaOrleans.Tests.Rpc.Internal;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("150m", 1_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("500n", 5L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void Parses_every_unit(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("-1S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void Rejects_malformed_values(string value) => Assert.False(GrpcTimeout.TryParse(value, out _));

    [Theory]
    [InlineData(1, "100n")]
    [InlineData(10_000, "1000000n")]
    [InlineData(2_000_000, "200000u")]
    [InlineData(36_000_000_000_000, "3600000S")]
    public void Formats_within_eight_digits(long ticks, string expected) => Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Format_and_parse_round_trip_without_shortening_the_timeout()
    {
        foreach (var ticks in new long[] { 1, 999, 12_345_678, 987_654_321_012, TimeSpan.FromDays(400).Ticks })
        {
            Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(TimeSpan.FromTicks(ticks)), out var parsed));
            Assert.True(parsed.Ticks >= ticks, $"{ticks} became {parsed.Ticks}");
            Assert.True(parsed.Ticks <= ticks + (ticks / 1000) + 10, $"{ticks} became {parsed.Ticks}");
        }
    }
}
