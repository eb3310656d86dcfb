using System.Net;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace JinaOrleans.Hosting.Internal;

/// <summary>
/// A silo of its own serving its executors on Jina's worker protocol only (a Deployment without a gateway, as
/// <c>jina executor --uses</c> serves one): localhost clustering, the worker port on the given address.
/// </summary>
internal sealed class WorkerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private WorkerServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<WorkerServer> StartAsync(JinaSiloOptions silo, string host, int port, DocArrayFlavour docArray, Action<ILoggingBuilder>? configureLogging, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (configureLogging is null)
        {
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        }
        else
        {
            configureLogging(builder.Logging);
        }

        builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
        var address = await BindAddress.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc();
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.TagWorkerConnections();
            });
        });
        builder.UseOrleans(orleans => orleans
            .UseLocalhostClustering(siloPort: LoopbackPorts.Free(), gatewayPort: 0, serviceId: "jinaorleans", clusterId: "deployment-" + Identifiers.NewId())
            .Configure<EndpointOptions>(o => o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, o.SiloPort))
            .AddJinaSilo(silo));
        builder.Services.AddJinaWorker(docArray);
        var app = builder.Build();
        try
        {
            app.MapJinaWorker();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port).First();
        return new WorkerServer(app, bound);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) =>
        HostShutdown.WaitAsync(_app.Lifetime, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
