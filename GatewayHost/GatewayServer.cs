using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway;

/// <summary>
/// The gateway as a running server: Kestrel listeners for the flow's protocols and ports, serving the flow
/// grain that <see cref="IGrainFactory"/> resolves (in this process, or on a cluster of silos).
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private GatewayServer(WebApplication app, IReadOnlyList<int> ports)
    {
        _app = app;
        Ports = ports;
    }

    /// <summary>The bound port of each protocol, in the order of <see cref="GatewayDefinition.Protocols"/>.</summary>
    public IReadOnlyList<int> Ports { get; }

    /// <summary>The application's services (logging, options).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Cancelled when the process is asked to stop (SIGINT/SIGTERM) or <see cref="StopAsync"/> runs.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>
    /// Builds the gateway for <paramref name="flow"/>; <paramref name="beforeStart"/> runs with the application's
    /// services before the listeners open (the embedded silo starts there).
    /// </summary>
    public static async Task<GatewayServer> StartAsync(
        FlowDefinition flow,
        IGrainFactory grainFactory,
        Action<ILoggingBuilder>? configureLogging,
        Func<IServiceProvider, CancellationToken, Task>? beforeStart,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(grainFactory);
        var gateway = flow.Gateway;
        if (gateway.Ports.Length != gateway.Protocols.Length)
        {
            throw new InvalidOperationException($"The gateway lists {gateway.Protocols.Length} protocols but {gateway.Ports.Length} ports; give one port per protocol.");
        }

        var certificate = GatewayCertificate.Load(gateway);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (configureLogging is not null)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
        builder.Services.AddSingleton(grainFactory);
        builder.Services.AddJinaGateway(flow);
        var listeners = new List<ListenOptions>();
        var address = await BindAddress.ResolveAsync(gateway.Host, cancellationToken).ConfigureAwait(false);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc();
            for (var i = 0; i < gateway.Ports.Length; i++)
            {
                var protocol = gateway.Protocols[i];
                kestrel.Listen(address, gateway.Ports[i], listen =>
                {
                    // Plain gRPC needs prior-knowledge h2c (HTTP/2 only); with TLS, ALPN picks h2. WebSockets use HTTP/1.1.
                    listen.Protocols = protocol switch
                    {
                        GatewayProtocol.Grpc => certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2,
                        GatewayProtocol.Http => certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2,
                        _ => HttpProtocols.Http1,
                    };
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }

                    listen.Use(next => connection =>
                    {
                        connection.Items[JinaGatewayApplicationExtensions.ProtocolItem] = protocol;
                        return next(connection);
                    });
                    listeners.Add(listen);
                });
            }
        });

        var app = builder.Build();
        try
        {
            if (beforeStart is not null)
            {
                await beforeStart(app.Services, cancellationToken).ConfigureAwait(false);
            }

            app.MapJinaGateway();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new GatewayServer(app, listeners.Select(l => l.IPEndPoint?.Port ?? 0).ToArray());
    }

    /// <summary>Completes when the process is asked to stop or <see cref="StopAsync"/> is called.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        var stopping = _app.Lifetime.ApplicationStopping;
        if (stopping.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stopping.Register(() => done.TrySetResult());
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Reports NOT_SERVING and stops the listeners, letting running requests finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
