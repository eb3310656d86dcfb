using System.Buffers;
using System.Net;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Client;
using JinaOrleans.Rpc.Server;

namespace JinaOrleans.Tests.Support;

/// <summary>A real Kestrel on 127.0.0.1 (h2c, free port) serving whatever a test maps on a <see cref="GrpcRouter"/>.</summary>
internal sealed class LoopbackGrpcServer : IAsyncDisposable
{
    private readonly GrpcRouterHost _host;

    private LoopbackGrpcServer(GrpcRouterHost host) => _host = host;

    /// <summary>Raw bytes in, raw bytes out.</summary>
    public static Marshaller<byte[]> Bytes { get; } = new(
        static (message, writer) => writer.Write(message),
        static sequence => sequence.ToArray(),
        static message => message.Length);

    public int Port => _host.Port;

    public string Address => $"http://127.0.0.1:{Port}";

    public static Method<byte[], byte[]> Method(MethodType type, string name) => new(type, "test.Echo", name, Bytes, Bytes);

    public static async Task<LoopbackGrpcServer> StartAsync(Action<GrpcRouter> map, GrpcServerOptions? options = null)
    {
        var router = new GrpcRouter(options);
        map(router);
        return new LoopbackGrpcServer(await GrpcRouterHost.StartAsync(router, IPAddress.Loopback));
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
