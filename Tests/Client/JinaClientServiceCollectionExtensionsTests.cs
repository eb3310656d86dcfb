using JinaOrleans.Client;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace JinaOrleans.Tests.Client;

/// <summary>The client from dependency injection, through Grpc.Net.ClientFactory, against a real gateway.</summary>
public sealed class JinaClientServiceCollectionExtensionsTests
{
    [Fact]
    public async Task A_client_from_the_factory_posts_through_the_gateway()
    {
        await using var flow = await TestFlows.New().Add<FooExecutor>().StartAsync();
        var services = new ServiceCollection();
        services.AddJinaClient($"grpc://127.0.0.1:{flow.Port}");
        await using var provider = services.BuildServiceProvider();

        using var client = provider.GetRequiredService<JinaOrleans.Client.Client>();
        var streamed = await client.PostAsync("/", DocumentArray.Empty(3));
        var unary = await client.PostAsync("/", DocumentArray.Empty(2), new PostOptions { Stream = false, Compression = "deflate" });
        var ready = await client.IsFlowReadyAsync();
        var info = await client.GetStatusAsync();

        Assert.Equal(3, streamed.Count);
        Assert.Equal(2, unary.Count);
        Assert.All(streamed.Concat(unary), d => Assert.False(string.IsNullOrEmpty(d.Text)));
        Assert.True(ready);
        Assert.NotEmpty(info.Jina);
        Assert.Equal(flow.Port, client.Port);
    }

    [Fact]
    public void Only_grpc_addresses_and_factory_owned_handlers_are_accepted()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddJinaClient("http://127.0.0.1:1234"));
        Assert.Throws<ArgumentException>(() => services.AddJinaClient("grpc://127.0.0.1:1234", o => o.HttpHandler = new HttpClientHandler()));
    }
}
