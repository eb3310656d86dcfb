using System.Net;
using System.Security.Cryptography.X509Certificates;
using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Gateway;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Grains;
using JinaOrleans.Grains.Loading;
using JinaOrleans.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace JinaOrleans.SiloHost;

/// <summary>
/// A silo process: loads the flow and the executor assemblies, runs an Orleans silo that serves the flow's grains
/// and hosts its executors, joins the cluster through Redis membership, serves Jina's worker protocol on its own port
/// (and, with <c>--gateway</c>, the flow's gateway too), and on SIGTERM reports NOT_SERVING, lets the calls in
/// progress finish (Orleans' graceful shutdown) and exits 0; 4 when it stopped the same way because an executor raised
/// one of its <c>exit_on_exceptions</c>.
/// </summary>
internal static partial class SiloProcess
{
    public const int ConfigurationError = 2;
    public const int JoinError = 3;

    /// <summary>An executor raised one of its <c>exit_on_exceptions</c>: the silo stopped gracefully for a supervisor to replace it.</summary>
    public const int ExecutorExited = 4;

    public static async Task<int> RunAsync(SiloOptions options, TextWriter output, TextWriter error)
    {
        FlowDefinition flow;
        var registry = new ExecutorTypeRegistry();
        try
        {
            flow = options.Uses is { } uses ? UsesDeployment(uses) : FlowYaml.Load(options.FlowFile!);
            options = ForDeployment(options, flow);
            foreach (var folder in options.ExecutorDirectories)
            {
                ExecutorAssemblyLoader.LoadDirectory(folder, registry);
            }
        }
        catch (Exception ex) when (ex is FlowConfigurationException or InvalidOperationException)
        {
            await error.WriteLineAsync($"silo: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        var unknown = options.HostExecutors.Where(n => !flow.Executors.Any(e => e.Name == n)).ToArray();
        if (unknown.Length > 0)
        {
            await error.WriteLineAsync($"silo: --host-executors names {string.Join(", ", unknown)}, which the flow in {options.FlowFile ?? options.Uses} does not have (it has {string.Join(", ", flow.Executors.Select(e => e.Name))}).").ConfigureAwait(false);
            return ConfigurationError;
        }

        var silo = new JinaSiloOptions
        {
            ExecutorTypes = registry,
            HostExecutors = options.HostExecutors.Count > 0 ? options.HostExecutors.ToHashSet(StringComparer.Ordinal) : null,
        };
        silo.Flows.Add(flow);
        GrpcServerOptions workerOptions;
        GrpcServerOptions serverOptions;
        MonitoringSettings monitoring;
        try
        {
            silo.Validate();
            monitoring = SiloMonitoring.Of(options, flow);

            // The worker port's grpc_server_options; Kestrel's connection settings are the process's, so with the gateway
            // in this process too, theirs must agree.
            workerOptions = silo.WorkerServerOptions();
            serverOptions = options.ServeGateway
                ? GrpcServerOptions.Merge([("the gateway", flow.Gateway.GrpcServerOptions), ("the worker port", workerOptions)], GrpcKestrelExtensions.ServerWideOptions)
                : workerOptions;
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"silo: {options.FlowFile ?? options.Uses}: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        var builder = WebApplication.CreateSlimBuilder();
        ClusterSettings cluster;
        try
        {
            cluster = await ClusterSettings.ResolveAsync(options, builder.Configuration, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await error.WriteLineAsync($"silo: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(options.LogLevel);

        // --log-level is about JinaOrleans; Orleans and ASP.NET Core say only what is wrong.
        builder.Logging.AddFilter("Orleans", (LogLevel)Math.Max((int)options.LogLevel, (int)LogLevel.Warning));
        builder.Logging.AddFilter("Microsoft", (LogLevel)Math.Max((int)options.LogLevel, (int)LogLevel.Warning));
        builder.Logging.AddFilter("Polly", (LogLevel)Math.Max((int)options.LogLevel, (int)LogLevel.Warning));

        // The flow's log_config and quiet keys win over --log-level.
        builder.Logging.AddFlowLogging(flow);
        builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(5));

        ListenOptions? worker = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc(serverOptions);
            kestrel.Listen(cluster.BindAddress, options.Port, listen =>
            {
                listen.Protocols = cluster.Certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                if (cluster.Certificate is { } certificate)
                {
                    var trusted = cluster.TrustedCas;
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateMode = trusted is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                        ClientCertificateValidation = trusted is null ? null : (client, _, _) => PemCertificates.ChainsTo(client, trusted, PemCertificates.ClientAuthentication),
                    });
                }

                listen.TagWorkerConnections();
                worker = listen;
            });
        });

        var monitoringListener = builder.AddJinaMonitoring(monitoring, cluster.BindAddress);
        if (options.DocArray is { } pinned)
        {
            flow = flow with { Gateway = flow.Gateway with { DocArray = pinned } };
        }

        GatewayListeners? gatewayListeners = null;
        if (options.ServeGateway)
        {
            // One process, one address: the gateway binds --host too.
            flow = flow with { Gateway = flow.Gateway with { Host = options.Host } };
            try
            {
                builder.Services.AddJinaGateway(flow);
                gatewayListeners = await GatewayListeners.AddAsync(builder, flow.Gateway, CancellationToken.None, serverOptions).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                await error.WriteLineAsync($"silo: {ex.Message}").ConfigureAwait(false);
                return ConfigurationError;
            }
        }

        builder.UseOrleans(orleans =>
        {
            cluster.Configure(orleans);
            orleans.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = options.DrainTimeout);
            orleans.AddJinaSilo(silo);
        });
        builder.Services.AddJinaWorker(flow.Gateway.DocArray, workerOptions);

        // Spans of the executors served here (and of the gateway with --gateway), exported when one says tracing: true.
        var traced = flow.Executors.Where(e => !e.External && (silo.HostExecutors is null || silo.HostExecutors.Contains(e.Name))).Select(e => e.Tracing);
        builder.Services.AddJinaTracing(
            "silo",
            [.. traced.Append(options.ServeGateway ? flow.Gateway.Tracing : TracingSettings.Off).Select(t => t.Override(options.Tracing, options.TracesExporterHost, options.TracesExporterPort))]);

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("JinaOrleans.Silo");
        try
        {
            app.MapJinaWorker();
            if (options.ServeGateway)
            {
                app.MapJinaGateway();
            }

            app.MapJinaMonitoring();

            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsJoinFailure(ex))
        {
            await error.WriteLineAsync($"silo: cannot join the cluster{(cluster.Redis is null ? string.Empty : $" through Redis at {cluster.Redis}")}: {Innermost(ex).Message}").ConfigureAwait(false);
            return JoinError;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync($"silo: cannot start: {Innermost(ex, stopAt: typeof(InvalidOperationException)).Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        var local = app.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>();
        var workerAddress = $"{cluster.AdvertisedHost}:{worker!.IPEndPoint!.Port}";
        var executors = app.Services.WorkerExecutors();
        var security = cluster.Certificate is null ? string.Empty : cluster.TrustedCas is null ? "; tls" : "; mutual tls";
        var metrics = monitoringListener?.Port is { } monitoringPort ? $"; monitoring port {monitoringPort}" : string.Empty;
        await output.WriteLineAsync($"Silo {local.SiloAddress.ToParsableString()} serving on {workerAddress} (silo port {options.SiloPort}, gateway port {options.GatewayPort}; executors: {string.Join(", ", executors)}; flow: {flow.Name}{security}{metrics})").ConfigureAwait(false);
        if (gatewayListeners is not null)
        {
            await GatewayReport.WriteAsync(output, flow.Gateway, gatewayListeners.Ports, "embedded").ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task.ConfigureAwait(false);
        }

        Log.Draining(logger);
        await app.StopAsync().ConfigureAwait(false);
        Log.Stopped(logger);
        if (app.Services.ExecutorExitReason() is { } reason)
        {
            await error.WriteLineAsync($"silo: stopped because {reason}.").ConfigureAwait(false);
            return ExecutorExited;
        }

        return 0;
    }

    /// <summary>
    /// <c>--uses</c>: a Deployment of that one executor (an executor YAML, relative to the working folder, or a class
    /// name) without a gateway, as <c>jina executor --uses</c> serves it.
    /// </summary>
    private static FlowDefinition UsesDeployment(string uses)
    {
        var quoted = "'" + uses.Replace("'", "''", StringComparison.Ordinal) + "'";
        return FlowYaml.Parse($"jtype: Deployment\nwith:\n  uses: {quoted}\n  include_gateway: false\n", "--uses", Directory.GetCurrentDirectory());
    }

    /// <summary>
    /// A Deployment runs on its own (localhost clustering unless a cluster is named): with include_gateway its gateway
    /// is served here; without, its port is the worker port unless <c>--port</c> says otherwise.
    /// </summary>
    private static SiloOptions ForDeployment(SiloOptions options, FlowDefinition flow)
    {
        if (flow.Deployment is not { } deployment)
        {
            return options;
        }

        options = options with { Standalone = true, ServeGateway = options.ServeGateway || deployment.IncludeGateway };
        if (options.PortGiven)
        {
            return options;
        }

        // Without a gateway the Deployment's port is the worker port; with one the gateway has it, and the worker port
        // (which a Deployment does not ask for) takes a free port rather than 5000.
        return !deployment.IncludeGateway && deployment.Port is { } port ? options with { Port = port }
            : deployment.IncludeGateway ? options with { Port = 0 }
            : options;
    }

    /// <summary>Orleans could not reach the membership store or the cluster.</summary>
    private static bool IsJoinFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StackExchange.Redis.RedisConnectionException or Orleans.Runtime.MembershipService.OrleansClusterConnectivityCheckFailedException
                || current.GetType().Name is "RedisClusteringException" or "OrleansMissingMembershipEntryException")
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception exception, Type? stopAt = null)
    {
        var current = exception;
        while (current.InnerException is { } inner && (stopAt is null || !stopAt.IsInstanceOfType(current)))
        {
            current = inner;
        }

        return current;
    }

    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Information, "Stopping: letting the calls in progress finish.")]
        public static partial void Draining(ILogger logger);

        [LoggerMessage(502, LogLevel.Information, "Silo stopped.")]
        public static partial void Stopped(ILogger logger);
    }
}
