using System.Net;
using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Diagnostics;
using JinaOrleans.Gateway;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace JinaOrleans.GatewayHost;

/// <summary>
/// A gateway process: stateless, an Orleans client of the cluster (found through Redis membership, or a fixed list of
/// silo gateways). Every request goes to a flow grain on a silo; one whose silo died is sent again to another.
/// </summary>
internal static class GatewayProcess
{
    public const int ConfigurationError = 2;
    public const int JoinError = 3;

    private const string DefaultId = "jinaorleans";

    public static async Task<int> RunAsync(GatewayOptions options, TextWriter output, TextWriter error)
    {
        FlowDefinition flow;
        try
        {
            flow = FlowYaml.Load(options.FlowFile);
        }
        catch (FlowConfigurationException ex)
        {
            await error.WriteLineAsync($"gateway: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        if (options.ExportSvg is { } svg)
        {
            await File.WriteAllTextAsync(svg, new Gateway.Diagrams.FlowDiagram(flow).Render()).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote the topology of {options.FlowFile} to {svg}").ConfigureAwait(false);
            return 0;
        }

        if (options.ExportKubernetes is not null || options.ExportCompose is not null)
        {
            return await Export.ExportCommand.RunAsync(flow, options, output).ConfigureAwait(false);
        }

        var gateway = flow.Gateway;
        if (options.Host is { } host)
        {
            gateway = gateway with { Host = host };
        }

        if (options.Ports.Count > 0)
        {
            gateway = gateway with { Ports = [.. options.Ports] };
        }

        if (options.DocArray is { } flavour)
        {
            gateway = gateway with { DocArray = flavour };
        }

        gateway = gateway with { Tracing = gateway.Tracing.Override(options.Tracing, options.TracesExporterHost, options.TracesExporterPort) };

        if (options.PortMonitoring is { } portMonitoring)
        {
            gateway = gateway with { Monitoring = gateway.Monitoring with { Monitoring = true, PortMonitoring = portMonitoring } };
        }

        flow = flow with { Gateway = gateway };
        Action<Orleans.Hosting.IClientBuilder> configureClient;
        try
        {
            configureClient = await ClientConfigurationAsync(options, new ConfigurationBuilder().AddEnvironmentVariables().Build()).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await error.WriteLineAsync($"gateway: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        var retry = new JoinRetryFilter(options.JoinTimeout, TimeProvider.System);
        GatewayServer server;
        try
        {
            server = await GatewayServer.StartAsync(
                flow,
                builder =>
                {
                    builder.Logging.ClearProviders();
                    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(options.LogLevel);
                    builder.Logging.AddFilter("Orleans", (LogLevel)Math.Max((int)options.LogLevel, (int)LogLevel.Warning));
                    builder.Logging.AddFilter("Microsoft", (LogLevel)Math.Max((int)options.LogLevel, (int)LogLevel.Warning));
        builder.Logging.AddFilter("Polly", (LogLevel)Math.Max((int)options.LogLevel, (int)LogLevel.Warning));
                    if (!HasOrleansClustering(builder.Configuration) && options.Redis is null && options.Silos.Count == 0)
                    {
                        throw new InvalidOperationException(
                            "no cluster to serve: pass --redis HOST:PORT (the silos' Redis membership), --silos HOST:PORT,... (their Orleans gateway ports), or set Orleans__Clustering__ProviderType and its settings.");
                    }

                    builder.Services.AddJinaTracing("gateway", [flow.Gateway.Tracing]);
                    builder.UseOrleansClient(client =>
                    {
                        configureClient(client);
                        client.Services.AddSingleton<Orleans.IClientConnectionRetryFilter>(retry);
                    });
                }).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (retry.LastError is null)
        {
            await error.WriteLineAsync($"gateway: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }
        catch (Exception ex) when (retry.LastError is not null || ex is Orleans.Runtime.OrleansException or Orleans.Runtime.Messaging.ConnectionFailedException)
        {
            var hint = options.SiloTlsCa is not null
                ? " Over TLS, check that the silos' certificates chain to --silo-tls-ca and that --silo-tls-cert is signed by a CA in the silos' --tls-ca (a silo with --tls-ca closes connections that present no such certificate)."
                : string.Empty;
            await error.WriteLineAsync($"gateway: cannot reach the cluster ({Where(options)}) within {options.JoinTimeout.TotalSeconds:0} s: {(retry.LastError ?? ex).Message}{hint}").ConfigureAwait(false);
            return JoinError;
        }

        await using (server.ConfigureAwait(false))
        {
            await GatewayReport.WriteAsync(output, flow.Gateway, server.Ports, Where(options)).ConfigureAwait(false);
            if (server.MonitoringPort is { } monitoringPort)
            {
                await output.WriteLineAsync($"Gateway serving metrics on {flow.Gateway.Host}:{monitoringPort}/metrics").ConfigureAwait(false);
                await output.FlushAsync().ConfigureAwait(false);
            }
            await server.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private static string Where(GatewayOptions options) =>
        options.Redis is { } redis ? $"cluster {options.ClusterId ?? DefaultId} through Redis at {redis}"
        : options.Silos.Count > 0 ? $"silos {string.Join(",", options.Silos)}"
        : "cluster from configuration";

    private static bool HasOrleansClustering(ConfigurationManager configuration) =>
        !string.IsNullOrEmpty(configuration["Orleans:Clustering:ProviderType"]);

    /// <summary>Membership, cluster id and TLS of the Orleans client, checked before anything starts.</summary>
    private static async Task<Action<Orleans.Hosting.IClientBuilder>> ClientConfigurationAsync(GatewayOptions options, IConfiguration configuration)
    {
        var clusterId = options.ClusterId ?? configuration["Orleans:ClusterId"] ?? DefaultId;
        var serviceId = options.ServiceId ?? configuration["Orleans:ServiceId"] ?? DefaultId;
        System.Security.Cryptography.X509Certificates.X509Certificate2Collection? trusted = null;
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
        if (options.SiloTlsCa is not null)
        {
            trusted = PemCertificates.LoadBundle(options.SiloTlsCa, "--silo-tls-ca");
            certificate = (options.SiloTlsCertificate, options.SiloTlsKey) switch
            {
                (null, null) => null,
                ({ } file, { } key) => PemCertificates.LoadPair(file, key, "--silo-tls-cert / --silo-tls-key"),
                _ => throw new InvalidOperationException("--silo-tls-cert and --silo-tls-key go together."),
            };
        }
        else if (options.SiloTlsCertificate is not null || options.SiloTlsKey is not null)
        {
            throw new InvalidOperationException("--silo-tls-cert and --silo-tls-key need --silo-tls-ca.");
        }

        var gateways = new List<IPEndPoint>();
        foreach (var silo in options.Silos)
        {
            var colon = silo.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(silo.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"--silos: '{silo}' is not host:port.");
            }

            var host = silo[..colon];
            var addresses = IPAddress.TryParse(host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            gateways.AddRange(addresses.Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).Select(a => new IPEndPoint(a, port)));
        }

        return client =>
        {
            if (options.Redis is { } redis)
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
            }
            else if (gateways.Count > 0)
            {
                client.UseStaticClustering([.. gateways]);
            }

            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId));

            // A gateway that died is noticed within seconds and its requests are sent to the others.
            client.Configure<Orleans.Configuration.GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.Configure<ClientMessagingOptions>(o =>
            {
                o.ResponseTimeout = TimeSpan.FromMinutes(30);
                o.CancelRequestOnTimeout = true;
            });
            client.Services.AddJinaMessages();
            if (trusted is not null)
            {
                client.UseTls(tls =>
                {
                    tls.LocalCertificate = certificate;
                    tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                    tls.RemoteCertificateValidation = (remote, _, _) => PemCertificates.ChainsTo(remote, trusted);
                });
            }
        };
    }
}
