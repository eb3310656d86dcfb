using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway;

/// <summary>
/// The gateway as a running server: Kestrel listeners for the flow's protocols and ports, serving the flow grain
/// through the Orleans <c>IGrainFactory</c> the host provides — a silo in the same host (embedded) or an Orleans
/// client of a cluster.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GatewayListeners _listeners;
    private readonly MonitoringListener? _monitoring;
    private int _stopped;

    private GatewayServer(WebApplication app, GatewayListeners listeners, MonitoringListener? monitoring)
    {
        _app = app;
        _listeners = listeners;
        _monitoring = monitoring;
    }

    /// <summary>The bound port of each protocol, in the order of <see cref="GatewayDefinition.Protocols"/>.</summary>
    public IReadOnlyList<int> Ports => _listeners.Ports;

    /// <summary>The bound monitoring port (Prometheus' <c>/metrics</c>) when the flow's <c>with:</c> has <c>monitoring: true</c>; else null.</summary>
    public int? MonitoringPort => _monitoring?.Port;

    /// <summary>The application's services (logging, options, the Orleans runtime).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Cancelled when the process is asked to stop (SIGINT/SIGTERM) or <see cref="StopAsync"/> runs.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>
    /// Builds and starts the gateway for <paramref name="flow"/>. <paramref name="configureHost"/> adds what serves
    /// the flow grain (<c>UseOrleans</c> for a silo in this host, <c>UseOrleansClient</c> for a cluster) and may set
    /// up logging (warnings and errors on standard error otherwise). Returns once the listeners accept requests;
    /// whatever fails on the way (a bad definition, an executor that cannot start) fails here.
    /// </summary>
    public static async Task<GatewayServer> StartAsync(FlowDefinition flow, Action<WebApplicationBuilder> configureHost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(configureHost);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);

        // The silo's start-up advice (server GC) is for production silos, not for a flow in a program of the user's.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
        builder.Services.AddJinaGateway(flow);
        var listeners = await GatewayListeners.AddAsync(builder, flow.Gateway, cancellationToken).ConfigureAwait(false);
        var monitoring = builder.AddJinaMonitoring(flow.Gateway.Monitoring, await BindAddress.ResolveAsync(flow.Gateway.Host, cancellationToken).ConfigureAwait(false));
        configureHost(builder);

        // The flow's log_config and quiet keys, over the host's own set-up.
        builder.Logging.AddFlowLogging(flow);

        var app = builder.Build();
        try
        {
            app.MapJinaGateway();
            app.MapJinaMonitoring();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new GatewayServer(app, listeners, monitoring);
    }

    /// <summary>Completes when the process is asked to stop or <see cref="StopAsync"/> is called.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) =>
        HostShutdown.WaitAsync(_app.Lifetime, cancellationToken);

    /// <summary>Reports NOT_SERVING and stops the listeners, letting running requests finish, then what serves the flow.</summary>
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
