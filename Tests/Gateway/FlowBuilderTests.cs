using JinaOrleans.Samples.Flows;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Gateway;

/// <summary>The C# flow builder: needs, joins, conditions.</summary>
public sealed class FlowBuilderTests
{
    [Fact]
    public async Task Needs_and_NeedsAll_build_joins()
    {
        await using var flow = await new Flow(port: 0, host: "127.0.0.1") { ConfigureLogging = l => l.SetMinimumLevel(LogLevel.None) }
            .Add<SetFieldExecutor>(name: "a", usesWith: Field("uri", "a"), needs: ["gateway"])
            .Add<SetFieldExecutor>(name: "b", usesWith: Field("modality", "b"), needs: ["gateway"])
            .Needs(["a", "b"], name: "ab")
            .Add<SetFieldExecutor>(name: "c", usesWith: Field("mime_type", "c"), needs: ["gateway"], when: new Dictionary<string, object?> { ["tags__pick"] = new Dictionary<string, object?> { ["$exists"] = true } })
            .NeedsAll(name: "end")
            .StartAsync();
        using var client = TestFlows.ClientFor(flow);
        var inputs = DocumentArray.Empty(2);
        inputs[1].Tags["pick"] = "yes";

        var response = await client.PostStreamAsync("/", inputs).SingleAsync();

        Assert.Equal(["ab", "c"], flow.Definition.Executors[^1].Needs.ToArray());
        Assert.Equal(inputs.Select(d => d.Id), response.Docs.Select(d => d.Id));
        Assert.Equal([("a", "b", ""), ("a", "b", "c")], response.Docs.Select(d => (d.Uri, d.Modality, d.MimeType)));
    }

    [Fact]
    public async Task A_cycle_fails_at_start_with_a_clear_message()
    {
        var flow = TestFlows.New()
            .Add<SetFieldExecutor>(name: "x", usesWith: Field("uri", "x"), needs: ["y"])
            .Add<SetFieldExecutor>(name: "y", usesWith: Field("uri", "y"), needs: ["x"]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => flow.StartAsync());

        Assert.Contains("the needs form a cycle through x, y", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Field(string field, string value) => new() { ["field"] = field, ["value"] = value };
}
