using System.Globalization;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Samples;

/// <summary>The Streaming sample as a user runs it: a generator and a post-processor, tokens printed as they arrive.</summary>
public sealed class StreamingTests
{
    [Fact]
    public async Task Prints_each_post_processed_token_as_it_arrives_and_exits_zero()
    {
        var dll = RepositoryPaths.ProjectOutput(Path.Combine("samples", "Streaming"), "Streaming.dll");
        await using var process = ChildProcess.Start("dotnet", [dll]);

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, process.StandardError);
        var lines = process.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split("ms", 2, StringSplitOptions.TrimEntries))
            .ToArray();
        Assert.Equal(["STREAMS", "FLOW", "FROM", "A", "GENERATOR", "THROUGH", "EVERY", "EXECUTOR", "AFTER", "IT"], lines.Select(l => l[1]));

        // One token every 100 ms: they arrive spread over about a second, not all at the end.
        var times = lines.Select(l => double.Parse(l[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(times[^1] - times[0] >= 600, string.Join(", ", times));
    }
}
