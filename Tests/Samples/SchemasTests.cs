using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Samples;

/// <summary>The Schemas sample as a user runs it: a typed executor over a custom v2 schema, in its own process.</summary>
public sealed class SchemasTests
{
    [Fact]
    public async Task Prints_the_embedded_queries_and_exits_zero()
    {
        var dll = RepositoryPaths.ProjectOutput(Path.Combine("samples", "Schemas"), "Schemas.dll");
        await using var process = ChildProcess.Start("dotnet", [dll]);

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, process.StandardError);
        Assert.Equal(
            "'hello typed world': words=3 tokens=[hello, typed, world] embedding=[17, 3]\n" +
            "'docarray v2 from C#': words=4 tokens=[docarray, v2, from, C#] embedding=[19, 4]\n",
            process.StandardOutput);
    }
}
