using Grpc.Core;
using JinaOrleans.Client;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>
/// What a flow does with a stream besides running it: <c>target_executor</c> and <c>when</c> conditions per item, as for
/// requests, and a clear refusal for a flow with parallel branches (a stream of single documents is walked as a chain).
/// </summary>
public sealed class FlowStreamTests
{
    [Fact]
    public async Task Target_executor_picks_the_executors_the_stream_runs_through()
    {
        await using var host = await EmbeddedFlowHost.StartAsync("""
            jtype: Flow
            executors:
              - name: generator
                uses: TokenGenerator
              - name: post
                uses: TokenPostProcessor
            """);
        using var client = host.CreateClient();

        var tokens = await client.StreamDocAsync("/stream", new Document("only generated"), new PostOptions { TargetExecutor = "generator" }).ToListAsync();

        Assert.Equal(["only", "generated"], tokens.Select(t => t.Text));
    }

    [Fact]
    public async Task An_item_that_fails_a_when_condition_is_dropped()
    {
        await using var host = await EmbeddedFlowHost.StartAsync("""
            jtype: Flow
            executors:
              - name: generator
                uses: TokenGenerator
              - name: post
                uses: TokenPostProcessor
                when:
                  text:
                    $regex: '^k'
            """);
        using var client = host.CreateClient();

        var tokens = await client.StreamDocAsync("/stream", new Document("keep drop kept lost")).ToListAsync();

        Assert.Equal(["KEEP", "KEPT"], tokens.Select(t => t.Text));
    }

    [Fact]
    public async Task A_flow_with_parallel_branches_refuses_a_stream_with_invalid_argument()
    {
        await using var host = await EmbeddedFlowHost.StartAsync("""
            jtype: Flow
            executors:
              - name: generator
                uses: TokenGenerator
              - name: left
                uses: TokenPostProcessor
                needs: generator
              - name: right
                uses: TokenPostProcessor
                needs: generator
              - name: join
                uses: TokenPostProcessor
                needs: [left, right]
            """);
        using var client = host.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.StreamDocAsync("/stream", new Document("a b")).ToListAsync());
        var docs = await client.PostAsync("/stream", TestFlows.Texts("still served"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("parallel branches", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, docs.Count);
    }

    [Fact]
    public async Task A_generator_that_edits_and_yields_one_document_again_gives_each_item_its_own_state()
    {
        await using var flow = await TestFlows.New().Add<ReusingGenerator>(name: "reuse").StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var streamed = await client.StreamDocAsync("/stream", new Document("a")).ToListAsync();
        var posted = await client.PostAsync("/stream", TestFlows.Texts("b"));

        Assert.Equal(["a1", "a2", "a3"], streamed.Select(t => t.Text));
        Assert.Equal(["b1", "b2", "b3"], posted.Texts);
    }

    public sealed class ReusingGenerator : Executor
    {
        [Requests("/stream")]
        public IEnumerable<Document> Generate(Document doc)
        {
            var text = doc.Text;
            for (var i = 1; i <= 3; i++)
            {
                doc.Text = text + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                yield return doc;
            }
        }
    }
}
