using Grpc.Core;
using JinaOrleans.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Client;

/// <summary>Jina's <c>max_attempts</c> with backoff: a gRPC call to a gateway that is not up yet is retried on UNAVAILABLE.</summary>
public sealed class ClientRetryTests
{
    [Fact]
    public async Task A_post_to_a_gateway_that_starts_later_succeeds_with_max_attempts()
    {
        var port = FreePorts.Take(1)[0];
        var options = new ClientOptions { MaxAttempts = 10, InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(2) };
        using var client = new JinaOrleans.Client.Client(host: $"grpc://127.0.0.1:{port}", options: options);

        var post = client.PostAsync("/", DocumentArray.Empty(2), new PostOptions { Stream = false });
        await using var flow = await Seed(port).StartAsync();
        var docs = await post.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], docs.Texts);
    }

    [Fact]
    public async Task Without_max_attempts_the_same_post_fails_at_once_with_unavailable()
    {
        var port = FreePorts.Take(1)[0];
        using var client = new JinaOrleans.Client.Client(host: $"grpc://127.0.0.1:{port}", options: new ClientOptions());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PostAsync("/", DocumentArray.Empty(1), new PostOptions { Stream = false }));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    private static Flow Seed(int port) =>
        new Flow(new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", Ports = [port] } })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<FooExecutor>().Add<BarExecutor>();
}
