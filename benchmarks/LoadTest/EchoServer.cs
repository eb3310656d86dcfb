using System.Net;
using System.Threading.Channels;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Protos;
using JinaOrleans.Protos.Services;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// The transport limit: the same Rpc layer and Kestrel settings as the gateway, serving the Jina methods
/// with a bare echo (each request is parsed and written back unchanged, no flow behind it). Responses are
/// flushed when no more are queued, as the gateway does.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly GrpcRouterHost _host;

    private EchoServer(GrpcRouterHost host) => _host = host;

    public int Port => _host.Port;

    public static async Task<EchoServer> StartAsync()
    {
        var router = new GrpcRouter();
        router.MapUnary(JinaServiceMethods.ProcessSingleData, static (request, _) => Task.FromResult(request));
        router.MapDuplexStreaming(JinaServiceMethods.Call, EchoStreamAsync);
        return new EchoServer(await GrpcRouterHost.StartAsync(router, IPAddress.Loopback).ConfigureAwait(false));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static async Task EchoStreamAsync(IAsyncStreamReader<DataRequestProto> requests, IServerStreamWriter<DataRequestProto> responses, ServerCallContext context)
    {
        var queue = Channel.CreateBounded<DataRequestProto>(new BoundedChannelOptions(1000) { SingleReader = true, SingleWriter = true });
        var writer = Task.Run(async () =>
        {
            var reader = queue.Reader;
            while (await reader.WaitToReadAsync(context.CancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var response))
                {
                    await responses.WriteAsync(response, flush: false, context.CancellationToken).ConfigureAwait(false);
                }

                await responses.FlushAsync(context.CancellationToken).ConfigureAwait(false);
            }
        });
        try
        {
            while (await requests.MoveNext(context.CancellationToken).ConfigureAwait(false))
            {
                await queue.Writer.WriteAsync(requests.Current, context.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        await writer.ConfigureAwait(false);
    }
}
