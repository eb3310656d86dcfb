using System.Net;
using System.Threading.Channels;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Runtime.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// The transport limit: the same Rpc layer and Kestrel settings as the gateway, serving the Jina methods
/// with a bare echo (each request is parsed and written back unchanged, no flow behind it). Responses are
/// flushed when no more are queued, as the gateway does.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<EchoServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ConfigureForGrpc();
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                listen = o;
            });
        });
        var app = builder.Build();
        var router = new GrpcRouter();
        router.MapUnary(JinaServiceMethods.ProcessSingleData, static (request, _) => Task.FromResult(request));
        router.MapDuplexStreaming(JinaServiceMethods.Call, EchoStreamAsync);
        app.Run(router.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return new EchoServer(app, listen!.IPEndPoint!.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

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
