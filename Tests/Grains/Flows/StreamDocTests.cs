using JinaOrleans.Client;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>
/// <c>stream_doc</c> through whole flows, embedded and on a cluster: a generator (<c>TokenGenerator</c>) followed by an
/// executor that does not stream (<c>TokenPostProcessor</c>), each token reaching the client through both, in order;
/// an error mid-stream; the client stopping early, which the generator sees as a cancellation.
/// </summary>
public abstract class StreamDocTests
{
    private const string Pipeline = """
        jtype: Flow
        executors:
          - name: generator
            uses: TokenGenerator
          - name: post
            uses: TokenPostProcessor
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private protected abstract Task<IFlowHost> StartAsync(string yaml);

    [Fact]
    public async Task Each_token_runs_through_the_post_processor_and_reaches_the_client_in_order()
    {
        await using var host = await StartAsync(Pipeline);
        using var client = host.CreateClient();
        using var cts = new CancellationTokenSource(Timeout);

        var tokens = await client.StreamDocAsync("/stream", new Document("one two three four five"), cancellationToken: cts.Token).ToListAsync(cts.Token);

        Assert.Equal(["ONE", "TWO", "THREE", "FOUR", "FIVE"], tokens.Select(t => t.Text));
        Assert.Equal([0.0, 1.0, 2.0, 3.0, 4.0], tokens.Select(t => (double)t.Tags["index"]!));
        Assert.All(tokens, t => Assert.Equal(true, t.Tags["post"]));
        Assert.Equal(5, tokens.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public async Task An_error_after_three_tokens_ends_the_stream_with_the_executors_error_after_those_three()
    {
        await using var host = await StartAsync(Pipeline);
        using var client = host.CreateClient();
        using var cts = new CancellationTokenSource(Timeout);
        var received = new List<string?>();
        var options = new PostOptions { Parameters = new Dictionary<string, object?> { ["fail_after"] = 3 } };

        var error = await Assert.ThrowsAsync<ExecutorErrorException>(async () =>
        {
            await foreach (var token in client.StreamDocAsync("/stream", new Document("a b c d e f"), options, cts.Token))
            {
                received.Add(token.Text);
            }
        });

        Assert.Equal(["A", "B", "C"], received);
        Assert.Equal("InvalidOperationException", error.ExceptionName);
        Assert.Equal("TokenGenerator", error.Status.Exception?.Executor);
        Assert.Contains("generation failed after 3 tokens", error.Status.Description, StringComparison.Ordinal);
        Assert.Equal(["gateway", "generator"], error.Response.Routes.Select(r => r.Executor));

        // The flow goes on serving.
        var again = await client.StreamDocAsync("/stream", new Document("still here"), cancellationToken: cts.Token).ToListAsync(cts.Token);
        Assert.Equal(["STILL", "HERE"], again.Select(t => t.Text));
    }

    [Fact]
    public async Task A_client_that_stops_reading_cancels_the_generator()
    {
        await using var host = await StartAsync(Pipeline);
        using var client = host.CreateClient();
        using var cts = new CancellationTokenSource(Timeout);
        var marker = MarkerFile.NewPath();
        var words = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}"));
        var options = new PostOptions { Parameters = new Dictionary<string, object?> { ["delay_ms"] = 100, ["marker"] = marker } };
        try
        {
            var read = 0;
            await foreach (var token in client.StreamDocAsync("/stream", new Document(words), options, cts.Token))
            {
                if (++read == 2)
                {
                    break;
                }
            }

            // 100 tokens at 100 ms would take 10 s; the generator hears of the client leaving long before.
            var outcome = await MarkerFile.WaitAsync(marker, TimeSpan.FromSeconds(5));
            Assert.Equal("cancelled", outcome);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task A_request_on_a_streaming_endpoint_gets_every_token_and_a_flow_without_a_generator_streams_its_answer()
    {
        await using var host = await StartAsync(Pipeline);
        using var client = host.CreateClient();

        var docs = await client.PostAsync("/stream", TestFlows.Texts("a b", "c"));
        var plain = await client.StreamDocAsync("/other", new Document("not split")).ToListAsync();

        Assert.Equal(["A", "B", "C"], docs.Texts);
        Assert.Equal(["NOT SPLIT"], plain.Select(t => t.Text));
    }
}
