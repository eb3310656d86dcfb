using System.Net;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Grains;
using JinaOrleans.Hosting;
using JinaOrleans.Hosting.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// A silo's Jina worker port in the test process (what <c>Silo</c> serves, minus the command line): one host with an
/// Orleans silo (localhost clustering) for a flow and the worker port on 127.0.0.1, so tests can hold requests in an
/// executor with a <see cref="Gate"/>.
/// </summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessWorker(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The worker port's <c>127.0.0.1:port</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<InProcessWorker> StartAsync(FlowDefinition flow, params Type[] executorTypes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? worker = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc();
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.TagWorkerConnections();
                worker = listen;
            });
        });
        var silo = new JinaSiloOptions();
        foreach (var type in executorTypes)
        {
            silo.ExecutorTypes.Register(type);
        }

        silo.Flows.Add(flow);
        builder.UseOrleans(orleans => orleans
            .UseLocalhostClustering(siloPort: LoopbackPorts.Free(), gatewayPort: 0, serviceId: "jinaorleans", clusterId: "worker-" + Identifiers.NewId())
            .Configure<EndpointOptions>(o => o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, o.SiloPort))
            .AddJinaSilo(silo));
        builder.Services.AddJinaWorker();
        var app = builder.Build();
        try
        {
            app.MapJinaWorker();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new InProcessWorker(app, worker!.IPEndPoint!.Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
