using System.Net;
using System.Security.Cryptography.X509Certificates;
using JinaOrleans.Gateway.Hosting;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace JinaOrleans.SiloHost;

/// <summary>
/// How a silo process joins its cluster, worked out from the command line before anything starts: the addresses it
/// binds and advertises, its membership store (Redis; localhost clustering for a single process with
/// <c>--gateway</c>; or whatever the <c>Orleans</c> configuration section names), its cluster id, and TLS.
/// </summary>
internal sealed class ClusterSettings
{
    private const string DefaultId = "jinaorleans";

    private ClusterSettings(SiloOptions options, IPAddress bindAddress, IPAddress advertised)
    {
        Options = options;
        BindAddress = bindAddress;
        Advertised = advertised;
    }

    public SiloOptions Options { get; }

    public IPAddress BindAddress { get; }

    public IPAddress Advertised { get; }

    /// <summary>The host others use for the worker port: the advertised address.</summary>
    public string AdvertisedHost => Advertised.ToString();

    public string? Redis => Options.Redis;

    /// <summary>The Orleans cluster id: <c>--cluster-id</c>, else <c>Orleans:ClusterId</c> from configuration, else <c>jinaorleans</c>.</summary>
    public string ClusterId { get; private init; } = DefaultId;

    /// <summary>The Orleans service id, found the same way.</summary>
    public string ServiceId { get; private init; } = DefaultId;

    public X509Certificate2? Certificate { get; private init; }

    public X509Certificate2Collection? TrustedCas { get; private init; }

    public static async Task<ClusterSettings> ResolveAsync(SiloOptions options, Microsoft.Extensions.Configuration.IConfiguration configuration, CancellationToken cancellationToken)
    {
        X509Certificate2? certificate = null;
        X509Certificate2Collection? trusted = null;
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

        if (options.Redis is null && !options.ServeGateway && !options.Standalone && !HasOrleansClustering(configuration))
        {
            throw new InvalidOperationException(
                "no cluster membership: pass --redis HOST:PORT (Orleans Redis clustering), set Orleans__Clustering__ProviderType and its settings, or run one process with --gateway.");
        }

        IPAddress bind;
        try
        {
            bind = await Gateway.Hosting.BindAddress.ResolveAsync(options.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"--host {options.Host}: {ex.Message}", ex);
        }

        IPAddress advertised;
        if (options.Advertise is { } advertise)
        {
            advertised = IPAddress.TryParse(advertise, out var ip)
                ? ip
                : (await Dns.GetHostAddressesAsync(advertise, cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                    ?? throw new InvalidOperationException($"--advertise {advertise} does not resolve to an IPv4 address.");
        }
        else
        {
            advertised = bind.Equals(IPAddress.Any) ? FirstAddress() : bind;
        }

        return new ClusterSettings(options, bind, advertised)
        {
            Certificate = certificate,
            TrustedCas = trusted,
            OrleansClustering = HasOrleansClustering(configuration),
            ClusterId = options.ClusterId ?? configuration["Orleans:ClusterId"] ?? DefaultId,
            ServiceId = options.ServiceId ?? configuration["Orleans:ServiceId"] ?? DefaultId,
        };
    }

    /// <summary>Endpoints, membership, cluster id and TLS of the Orleans silo.</summary>
    public void Configure(ISiloBuilder silo)
    {
        var listenAny = BindAddress.Equals(IPAddress.Any);
        if (Options.Redis is null && (Options.ServeGateway || Options.Standalone) && !OrleansClustering)
        {
            silo.UseLocalhostClustering(Options.SiloPort, Options.GatewayPort, serviceId: ServiceId, clusterId: ClusterId);
        }
        else if (Options.Redis is { } redis)
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
        }

        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = Advertised;
            o.SiloPort = Options.SiloPort;
            o.GatewayPort = Options.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(listenAny ? IPAddress.Any : BindAddress, Options.SiloPort);
            o.GatewayListeningEndpoint = Options.GatewayPort == 0 ? null : new IPEndPoint(listenAny ? IPAddress.Any : BindAddress, Options.GatewayPort);
        });
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ServiceId));
        if (Options.Kubernetes)
        {
            // After the options above, so the pod's labels and POD_IP win.
            silo.UseKubernetesHosting();
        }

        if (Certificate is { } certificate)
        {
            var trusted = TrustedCas;
            silo.UseTls(certificate, tls =>
            {
                tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
                tls.ClientCertificateMode = trusted is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
                if (trusted is not null)
                {
                    tls.RemoteCertificateValidation = (remote, _, _) => PemCertificates.ChainsTo(remote, trusted);
                }
            });
        }
    }

    /// <summary>Whether the <c>Orleans</c> configuration section (appsettings, environment) names a membership provider.</summary>
    private bool OrleansClustering { get; init; }

    private static bool HasOrleansClustering(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["Orleans:Clustering:ProviderType"]);

    /// <summary>For a silo bound to every interface: its first non-loopback IPv4 address (the container's or pod's).</summary>
    private static IPAddress FirstAddress() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
}
