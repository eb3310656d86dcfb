using System.Net;
using System.Threading.Channels;
using Grpc.Core;
using JinaOrleans.Gateway.Grpc;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Protos.Jina;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// The transport limit: grpc-dotnet on Kestrel with the gateway's settings, serving the Jina methods with a bare
/// echo (each request is parsed and written back unchanged, no flow behind it). Stream responses are written
/// unflushed and flushed when no more are queued, as the gateway does.
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
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc();
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton<EchoCall>();
        builder.Services.AddSingleton<EchoSingle>();
        var app = builder.Build();
        app.MapGrpcService<EchoCall>();
        app.MapGrpcService<EchoSingle>();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new EchoServer(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class EchoSingle : JinaSingleDataRequestRPC.JinaSingleDataRequestRPCBase
    {
        public override Task<DataRequestProto> process_single_data(DataRequestProto request, ServerCallContext context) => Task.FromResult(request);
    }

    private sealed class EchoCall : JinaRPC.JinaRPCBase
    {
        public override async Task Call(IAsyncStreamReader<DataRequestProto> requestStream, IServerStreamWriter<DataRequestProto> responseStream, ServerCallContext context)
        {
            var responses = new GrpcResponseWriter(responseStream, context);
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
                while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
                {
                    await queue.Writer.WriteAsync(requestStream.Current, context.CancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                queue.Writer.TryComplete();
            }

            await writer.ConfigureAwait(false);
        }
    }
}
