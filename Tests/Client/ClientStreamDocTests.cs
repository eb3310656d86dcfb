using JinaOrleans.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Flows;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Client;

/// <summary>
/// <c>Client.StreamDocAsync</c> on each protocol: gRPC (<c>stream_doc</c>) and HTTP (Server-Sent Events) stream the
/// tokens and end with the executor's error; WebSocket, which has no streaming route in Jina, says so.
/// </summary>
public sealed class ClientStreamDocTests
{
    [Theory]
    [InlineData(GatewayProtocol.Grpc)]
    [InlineData(GatewayProtocol.Http)]
    public async Task Tokens_stream_and_an_error_mid_stream_throws_after_them(GatewayProtocol protocol)
    {
        await using var flow = await TestFlows.New(protocol: protocol).Add<TokenGenerator>(name: "generator").Add<TokenPostProcessor>(name: "post").StartAsync();
        using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Port, protocol: protocol);
        var received = new List<string?>();

        var tokens = await client.StreamDocAsync("/stream", new Document("over every protocol")).ToListAsync();
        var error = await Assert.ThrowsAsync<ExecutorErrorException>(async () =>
        {
            var options = new PostOptions { Parameters = new Dictionary<string, object?> { ["fail_after"] = 2 } };
            await foreach (var token in client.StreamDocAsync("/stream", new Document("a b c"), options))
            {
                received.Add(token.Text);
            }
        });

        Assert.Equal(["OVER", "EVERY", "PROTOCOL"], tokens.Select(t => t.Text));
        Assert.Equal(["A", "B"], received);
        Assert.Contains("generation failed after 2 tokens", error.Status.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docarray_v2_documents_stream_back_as_v2()
    {
        await using var flow = await TestFlows.New().Add<TokenGenerator>(name: "generator").StartAsync();
        using var client = TestFlows.ClientFor(flow);

        var tokens = await client.StreamDocAsync("/stream", new Document("typed tokens"), new PostOptions { DocArray = DocArrayFlavour.V2 }).ToListAsync();

        Assert.Equal(["typed", "tokens"], tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(DocArrayFlavour.V2, t.Flavour));
    }

    [Fact]
    public async Task WebSocket_has_no_stream_doc_and_says_so()
    {
        await using var flow = await TestFlows.New(protocol: GatewayProtocol.WebSocket).Add<TokenGenerator>(name: "generator").StartAsync();
        using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Port, protocol: GatewayProtocol.WebSocket);

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () => await client.StreamDocAsync("/stream", new Document("x")).ToListAsync());

        Assert.Contains("gRPC", error.Message, StringComparison.Ordinal);
    }
}
