using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Grpc;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Gateway.Routing;
using JinaOrleans.Hosting.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JinaOrleans.Hosting;

/// <summary>
/// A silo's Jina worker port: the executors it hosts answered over Jina's worker protocol, so a Jina Flow can use
/// them as <c>external</c> executors. Pair <see cref="AddJinaWorker"/> with <see cref="MapJinaWorker"/> and tag the
/// port's connections with <see cref="TagWorkerConnections"/>.
/// </summary>
public static class JinaWorkerExtensions
{
    /// <summary>
    /// Registers the worker protocol services (the silo's flows and executors come from <c>AddJinaSilo</c>), reading
    /// requests in <paramref name="docArray"/>: each in the flavour its documents decode in (the default), or only v1
    /// or only v2, refusing the other with INVALID_ARGUMENT. Answers go back in the flavour of the request.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="docArray">The flavour the port reads.</param>
    /// <param name="serverOptions">
    /// The hosted executors' <c>grpc_server_options</c> (<see cref="Grains.JinaSiloOptions.WorkerServerOptions"/>): their
    /// message limits and response compression apply to the worker's data services (messages of any size otherwise).
    /// </param>
    public static IServiceCollection AddJinaWorker(this IServiceCollection services, DocArrayFlavour docArray = DocArrayFlavour.Auto, GrpcServerOptions? serverOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (serverOptions is { IsEmpty: false } options)
        {
            services.AddGrpc()
                .AddServiceOptions<WorkerSingleDataService>(o => o.Apply(options, receiveFallback: null))
                .AddServiceOptions<WorkerDataService>(o => o.Apply(options, receiveFallback: null))
                .AddServiceOptions<WorkerStreamDocService>(o => o.Apply(options, receiveFallback: null));
        }

        if (!services.Any(d => d.ServiceType == typeof(WorkerDataMethods)))
        {
            services.AddSingleton(new WorkerDataMethods(docArray));
            services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<WorkerSingleDataService>>(sp => sp.GetRequiredService<WorkerDataMethods>());
            services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<WorkerDataService>>(sp => sp.GetRequiredService<WorkerDataMethods>());
            services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<WorkerStreamDocService>>(sp => sp.GetRequiredService<WorkerDataMethods>());

            // DEACTIVATE turns the overall status and the data services NOT_SERVING, not the gateway's (in one host).
            services.AddSingleton<WorkerActivation>();
            services.AddHealthChecks().AddCheck<WorkerActivation>(WorkerActivation.Name, failureStatus: null, tags: [ListenerRoles.Worker]);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JinaWorkerService>();
        services.TryAddSingleton<WorkerSingleDataService>();
        services.TryAddSingleton<WorkerDataService>();
        services.TryAddSingleton<WorkerStreamDocService>();
        services.TryAddSingleton<WorkerInfoService>();
        services.TryAddSingleton<WorkerEndpointsService>();
        services.TryAddSingleton<WorkerControlService>();
        services.AddJinaGrpc(JinaWorkerService.DataServices, healthTag: ListenerRoles.Worker);
        services.AddJinaGrpc(JinaWorkerService.Services.Except(JinaWorkerService.DataServices));
        return services;
    }

    /// <summary>Marks every connection of a listener as one to the worker port.</summary>
    public static IConnectionBuilder TagWorkerConnections(this IConnectionBuilder listener) =>
        listener.TagConnections(ListenerRoles.Worker);

    /// <summary>
    /// Maps Jina's worker protocol (grpc-dotnet services answering on worker-port connections only), early Jina 3.x's
    /// control requests (<c>process_control</c>: STATUS, ACTIVATE, DEACTIVATE), health and reflection; health turns
    /// NOT_SERVING, and new calls are refused, as soon as the host begins to stop or a DEACTIVATE arrives.
    /// </summary>
    public static IEndpointRouteBuilder MapJinaWorker(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var worker = new ListenerRoleMetadata(ListenerRoles.Worker);
        endpoints.MapGrpcService<WorkerSingleDataService>().WithMetadata(worker);
        endpoints.MapGrpcService<WorkerDataService>().WithMetadata(worker);
        endpoints.MapGrpcService<WorkerStreamDocService>().WithMetadata(worker);
        endpoints.MapGrpcService<WorkerInfoService>().WithMetadata(worker);
        endpoints.MapGrpcService<WorkerEndpointsService>().WithMetadata(worker);

        // Served but not registered with AddJinaGrpc: reflection must not list it (a Jina gateway fails on a name it
        // does not know), and health does not report it.
        endpoints.MapGrpcService<WorkerControlService>().WithMetadata(worker);
        endpoints.MapJinaGrpcCommon();
        return endpoints;
    }

    /// <summary>The hosted executors the worker port answers for (valid once the host is built).</summary>
    public static IReadOnlyList<string> WorkerExecutors(this IServiceProvider services) =>
        services.GetRequiredService<JinaWorkerService>().Executors;
}
