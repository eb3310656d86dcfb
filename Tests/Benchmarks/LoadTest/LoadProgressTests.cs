using Xunit;

namespace JinaOrleans.Tests.Benchmarks.LoadTest;

/// <summary>
/// LoadTest's live progress (Spectre.Console): bars on a terminal, given one by util-linux <c>script</c> (a
/// pseudo-terminal, as an operator's shell is), and plain lines with no terminal codes when stderr is a pipe, as
/// in the comparison scripts; the results on stdout either way. Each run is a small embedded seed flow on 127.0.0.1.
/// </summary>
public sealed class LoadProgressTests
{
    private static readonly string[] Arguments = ["--requests", "1500", "--warmup", "300", "--rounds", "1"];

    [Fact]
    public async Task On_a_terminal_each_phase_has_a_bar_that_reaches_100_percent()
    {
        var typescript = Path.Combine(Path.GetTempPath(), $"loadtest-{Guid.NewGuid():N}.typescript");
        try
        {
            var command = string.Join(' ', new[] { "dotnet", LoadTestProcess.Dll }.Concat(Arguments));
            var (code, stdout, stderr) = await LoadTestProcess.RunAsync("script", ["-q", "-e", "-c", command, typescript]);

            Assert.True(code == 0, stderr + stdout);
            var screen = await File.ReadAllTextAsync(typescript);
            Assert.Contains("round 1: seed flow (embedded, grpc) (warm-up)", screen, StringComparison.Ordinal);
            Assert.Contains("100%", screen, StringComparison.Ordinal);
            Assert.Contains("req/s", screen, StringComparison.Ordinal);
            Assert.Contains("\u001b[", screen, StringComparison.Ordinal);
            Assert.Contains("| seed flow (embedded, grpc) | stream | 1500 |", screen, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(typescript);
        }
    }

    [Fact]
    public async Task Without_a_terminal_stderr_has_plain_lines_and_stdout_the_results()
    {
        var (code, stdout, stderr) = await LoadTestProcess.RunAsync("dotnet", [LoadTestProcess.Dll, .. Arguments]);

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.Matches(@"round 1: seed flow \(embedded, grpc\): \d+ req/s", stderr);
        Assert.Contains("| seed flow (embedded, grpc) | stream | 1500 |", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("round 1:", stdout, StringComparison.Ordinal);
    }
}
