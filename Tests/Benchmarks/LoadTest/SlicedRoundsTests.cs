using System.Text.RegularExpressions;
using Xunit;

namespace JinaOrleans.Tests.Benchmarks.LoadTest;

/// <summary>
/// LoadTest's sliced rounds (<c>--slices</c>), run as the command: every target's round in slices taken in turn, each
/// round's result the sum of its slices; and <c>--metrics off,on</c>, which measures two <c>Silo --gateway</c>
/// processes (started and ended by LoadTest) that way while it scrapes the monitored one.
/// </summary>
public sealed class SlicedRoundsTests
{
    [Fact]
    public async Task Targets_take_turns_slice_by_slice_and_a_round_sums_its_slices()
    {
        var (code, stdout, stderr) = await LoadTestProcess.RunAsync("dotnet", [LoadTestProcess.Dll, "--compare-echo", "--requests", "1000", "--warmup", "200", "--rounds", "1", "--slices", "3"]);

        Assert.True(code == 0, stderr);
        var slices = Regex.Matches(stderr, @"round 1, slice (\d)/3: (seed flow \(embedded, grpc\)|bare echo \(grpc-dotnet\))").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Distinct().ToArray();
        Assert.Equal(6, slices.Length);
        // The second slice runs the targets in the other order.
        var order = Regex.Matches(stderr, @"round 1, slice 2/3: (seed flow|bare echo)").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Equal(["bare echo", "seed flow"], order);
        Assert.Contains("| seed flow (embedded, grpc) | stream | 1000 |", stdout, StringComparison.Ordinal);
        Assert.Contains("| bare echo (grpc-dotnet) | stream | 1000 |", stdout, StringComparison.Ordinal);
        Assert.Matches(@"ratio seed flow \(embedded, grpc\) / bare echo \(grpc-dotnet\): median \d+\.\d{3} \(rounds: \d+\.\d{3}\)", stdout);
    }

    [Fact]
    public async Task Metrics_off_and_on_are_two_server_processes_compared_per_round_with_the_monitored_one_scraped()
    {
        var (code, stdout, stderr) = await LoadTestProcess.RunAsync("dotnet", [LoadTestProcess.Dll, "--metrics", "off,on", "--mode", "unary", "--concurrency", "8", "--requests", "600", "--warmup", "300", "--rounds", "1", "--slices", "2"]);

        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("| seed flow (Silo --gateway), metrics off | unary | 600 |", stdout, StringComparison.Ordinal);
        Assert.Contains("| seed flow (Silo --gateway), metrics on | unary | 600 |", stdout, StringComparison.Ordinal);
        Assert.Matches(@"ratio metrics on / off \(unary, 2 slices per round\): median \d+\.\d{3}", stdout);
        var scrapes = Regex.Match(stderr, @"metrics on: (\d+) scrapes of /metrics answered with the Jina series");
        Assert.True(scrapes.Success, stderr);
        Assert.True(int.Parse(scrapes.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, stderr);
    }
}
