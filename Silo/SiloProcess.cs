using System.Net;
using System.Security.Cryptography.X509Certificates;
using JinaOrleans.Definitions;
using JinaOrleans.Grains;
using JinaOrleans.Grains.Loading;
using JinaOrleans.Rpc.Server;
using JinaOrleans.Runtime;
using JinaOrleans.Runtime.Cluster;
using JinaOrleans.Runtime.Configuration;
using JinaOrleans.Runtime.Health;
using JinaOrleans.Runtime.Hosting;
using JinaOrleans.Runtime.Protocol;
using JinaOrleans.Runtime.Reflection;
using JinaOrleans.Runtime.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.SiloHost;

/// <summary>
/// A silo process: loads the flow and the executor assemblies, hosts executor pools and the flow grain,
/// serves grain calls and Jina's worker protocol on one port, joins the cluster through its seeds, and on
/// SIGTERM reports NOT_SERVING, drains the calls in progress and exits 0.
/// </summary>
internal static partial class SiloProcess
{
    public const int ConfigurationError = 2;
    public const int JoinError = 3;

    public static async Task<int> RunAsync(SiloOptions options, TextWriter output, TextWriter error)
    {
        FlowDefinition flow;
        var registry = new ExecutorTypeRegistry();
        try
        {
            flow = FlowYaml.Load(options.FlowFile);
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
            await error.WriteLineAsync($"silo: --host-executors names {string.Join(", ", unknown)}, which the flow in {options.FlowFile} does not have (it has {string.Join(", ", flow.Executors.Select(e => e.Name))}).").ConfigureAwait(false);
            return ConfigurationError;
        }

        X509Certificate2? certificate = null;
        X509Certificate2Collection? trusted = null;
        try
        {
            if (options.TlsCertificate is not null || options.TlsKey is not null)
            {
                certificate = options.TlsCertificate is null || options.TlsKey is null
                    ? throw new InvalidOperationException("--tls-cert and --tls-key go together.")
                    : PemCertificates.LoadPair(options.TlsCertificate, options.TlsKey, "--tls-cert / --tls-key");
            }

            if (options.TlsCa is not null)
            {
                trusted = certificate is null
                    ? throw new InvalidOperationException("--tls-ca needs --tls-cert and --tls-key (mutual TLS).")
                    : PemCertificates.LoadBundle(options.TlsCa, "--tls-ca");
            }
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"silo: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        var siloId = Identifiers.NewId();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(options.LogLevel);
        builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(5));
        ListenOptions? listener = null;
        IPAddress bindAddress;
        try
        {
            bindAddress = await BindAddress.ResolveAsync(options.Host, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await error.WriteLineAsync($"silo: --host {options.Host}: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureForGrpc();
            kestrel.Listen(bindAddress, options.Port, listen =>
            {
                listen.Protocols = certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                if (certificate is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateMode = trusted is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                        ClientCertificateValidation = trusted is null ? null : (client, _, _) => PemCertificates.ChainsTo(client, trusted, PemCertificates.ClientAuthentication),
                    });
                }

                listener = listen;
            });
        });

        await using var app = builder.Build();
        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger("JinaOrleans.Silo");
        var clusterOptions = new ClusterOptions
        {
            Seeds = options.Seeds,
            SelfSiloId = siloId,
            JoinTimeout = options.JoinTimeout,
            UseTls = certificate is not null,
            ChannelOptions = new Rpc.Client.GrpcChannelOptions { RootCertificates = trusted, ClientCertificate = trusted is null ? null : certificate },
        };
        using var client = new SiloClient(clusterOptions.ChannelOptions, clusterOptions.UseTls);
        await using var directory = new ClusterDirectory(clusterOptions, client, TimeProvider.System, loggerFactory);
        var grainFactory = new GrainFactory();
        var silo = new Silo(grainFactory, loggerFactory);
        var hosted = options.HostExecutors.Count > 0 ? options.HostExecutors.ToHashSet(StringComparer.Ordinal) : null;
        try
        {
            silo.AddFlow(flow, registry, new FlowHostingOptions
            {
                LoggerFactory = loggerFactory,
                HostLocally = d => !d.External && (hosted is null || hosted.Contains(d.Name)),
                Placement = ExecutorPlacements.Cluster(directory, client, siloId),
            });
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"silo: {options.FlowFile}: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        var health = new HealthState(JinaWorkerService.ServiceNames.Append(ReflectionService.ServiceName));
        var calls = new SiloGrainService(silo, siloId, options.Advertise ?? string.Empty, health);
        calls.Attach(directory);
        var router = new GrpcRouter(loggerFactory: loggerFactory);
        calls.Map(router);
        new JinaWorkerService(silo, calls, JinaInfo.Create(siloId, DateTimeOffset.UtcNow)).Map(router);
        router.MapHealth(health).MapReflection(JinaWorkerService.ServiceNames);
        app.Run(router.HandleAsync);

        try
        {
            await silo.StartAsync(CancellationToken.None).ConfigureAwait(false);
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            await error.WriteLineAsync($"silo: cannot start on {options.Host}:{options.Port}: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        var port = listener!.IPEndPoint!.Port;
        var address = options.Advertise ?? SiloAddress.Format(bindAddress.Equals(IPAddress.Any) ? AdvertisedHost() : options.Host, port);
        calls.SetAddress(address);
        clusterOptions.SelfAddress = address;
        try
        {
            await directory.StartAsync(requireSeed: true, app.Lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"silo: cannot join the cluster: {ex.Message}").ConfigureAwait(false);
            await app.StopAsync().ConfigureAwait(false);
            await silo.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return JoinError;
        }
        catch (OperationCanceledException)
        {
            // Stopped while joining: fall through to the normal shutdown.
        }

        await output.WriteLineAsync($"Silo {siloId} serving on {address} (executors: {string.Join(", ", silo.LocalExecutors.Keys)}; flow: {flow.Name}{(certificate is null ? string.Empty : trusted is null ? "; tls" : "; mutual tls")})").ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
        {
            await stopping.Task.ConfigureAwait(false);
        }

        Log.Draining(logger, calls.InFlight);
        var left = await calls.DrainAsync(options.DrainTimeout, TimeProvider.System).ConfigureAwait(false);
        if (left > 0)
        {
            Log.DrainTimedOut(logger, left, options.DrainTimeout.TotalSeconds);
        }

        await app.StopAsync().ConfigureAwait(false);
        using (var deactivate = new CancellationTokenSource(options.DrainTimeout))
        {
            await silo.StopAsync(deactivate.Token).ConfigureAwait(false);
        }

        Log.Stopped(logger);
        return 0;
    }

    /// <summary>
    /// For a silo bound to every interface: its first non-loopback IPv4 address (the container or pod address
    /// others reach it at), else the machine name.
    /// </summary>
    private static string AdvertisedHost() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?.ToString() ?? Dns.GetHostName();

    private static partial class Log
    {
        [LoggerMessage(500, LogLevel.Information, "Stopping: draining {InFlight} calls in progress.")]
        public static partial void Draining(ILogger logger, int inFlight);

        [LoggerMessage(501, LogLevel.Warning, "{Left} calls were still running after the {Seconds} s drain timeout.")]
        public static partial void DrainTimedOut(ILogger logger, int left, double seconds);

        [LoggerMessage(502, LogLevel.Information, "Silo stopped.")]
        public static partial void Stopped(ILogger logger);
    }
}
