using System.Buffers;
using System.Net;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Client;
using JinaOrleans.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Tests.Support;

/// <summary>A real Kestrel on 127.0.0.1 (h2c, free port) serving whatever a test maps on a <see cref="GrpcRouter"/>.</summary>
internal sealed class LoopbackGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackGrpcServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>Raw bytes in, raw bytes out.</summary>
    public static Marshaller<byte[]> Bytes { get; } = new(
        static (message, writer) => writer.Write(message),
        static sequence => sequence.ToArray(),
        static message => message.Length);

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public static Method<byte[], byte[]> Method(MethodType type, string name) => new(type, "test.Echo", name, Bytes, Bytes);

    public static async Task<LoopbackGrpcServer> StartAsync(Action<GrpcRouter> map, GrpcServerOptions? options = null)
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
        var router = new GrpcRouter(options);
        map(router);
        app.Run(router.HandleAsync);
        await app.StartAsync();
        return new LoopbackGrpcServer(app, listen!.IPEndPoint!.Port);
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
