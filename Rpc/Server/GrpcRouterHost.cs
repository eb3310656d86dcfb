using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Rpc.Server;

/// <summary>
/// Kestrel serving one <see cref="GrpcRouter"/> over plaintext HTTP/2 on one address, with the gRPC settings of
/// <see cref="GrpcKestrelExtensions.ConfigureForGrpc"/>: for tools, benchmarks and tests. Hosts that need TLS or
/// several listeners configure Kestrel themselves.
/// </summary>
public sealed class GrpcRouterHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcRouterHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The bound port (the one picked by the system when 0 was asked).</summary>
    public int Port { get; }

    /// <summary>Starts serving <paramref name="router"/> on <paramref name="address"/>:<paramref name="port"/> (0: a free port).</summary>
    public static async Task<GrpcRouterHost> StartAsync(GrpcRouter router, IPAddress address, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(address);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc();
            kestrel.Listen(address, port, options =>
            {
                options.Protocols = HttpProtocols.Http2;
                listen = options;
            });
        });
        var app = builder.Build();
        app.Run(router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new GrpcRouterHost(app, listen!.IPEndPoint!.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
