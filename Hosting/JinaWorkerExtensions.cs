using JinaOrleans.Hosting.Worker;
using JinaOrleans.Rpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Hosting;

/// <summary>
/// A silo's Jina worker port: the executors it hosts answered over Jina's worker protocol, so a Jina Flow can use
/// them as <c>external</c> executors. Pair <see cref="AddJinaWorker"/> with <see cref="UseJinaWorker"/> and tag the
/// port's connections with <see cref="TagWorkerConnections"/>.
/// </summary>
public static class JinaWorkerExtensions
{
    /// <summary>The connection item marking a connection to the worker port.</summary>
    public const string WorkerItem = "jinaorleans.worker";

    /// <summary>Registers the worker protocol services (the silo's flows and executors come from <c>AddJinaSilo</c>).</summary>
    public static IServiceCollection AddJinaWorker(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JinaWorkerService>();
        return services;
    }

    /// <summary>Marks every connection of a listener as one to the worker port.</summary>
    public static IConnectionBuilder TagWorkerConnections(this IConnectionBuilder listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return listener.Use(next => connection =>
        {
            connection.Items[WorkerItem] = true;
            return next(connection);
        });
    }

    /// <summary>
    /// Serves requests on worker-port connections with Jina's worker protocol, health and reflection; reports
    /// NOT_SERVING (and refuses new calls) as soon as the host begins to stop.
    /// </summary>
    public static IApplicationBuilder UseJinaWorker(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.ApplicationServices;
        var worker = services.GetRequiredService<JinaWorkerService>();
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(worker.Health.SetNotServing);
        var router = worker.Map(new GrpcRouter(loggerFactory: services.GetRequiredService<ILoggerFactory>()));
        return app.MapWhen(IsWorkerConnection, branch => branch.Run(router.HandleAsync));
    }

    /// <summary>The hosted executors the worker port answers for (valid once the host is built).</summary>
    public static IReadOnlyList<string> WorkerExecutors(this IServiceProvider services) =>
        services.GetRequiredService<JinaWorkerService>().Executors;

    private static bool IsWorkerConnection(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(WorkerItem) == true;
}
