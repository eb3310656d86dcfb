using JinaOrleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// An Orleans client of a test's cluster, in the test process, for what only the cluster knows: where grains are
/// active (Orleans' management grain).
/// </summary>
internal sealed class ClusterInspector : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterInspector(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public IManagementGrain Management => Client.GetGrain<IManagementGrain>(0);

    /// <summary>Connects to <paramref name="cluster"/>; <paramref name="tls"/> as the gateway's <c>--silo-tls-*</c> arguments when the silos use TLS.</summary>
    public static async Task<ClusterInspector> ConnectAsync(ClusterContext cluster, string[]? tls = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(cluster.Redis)
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, "jinaorleans"));
            if (tls is not null)
            {
                var option = (string name) => tls[Array.IndexOf(tls, name) + 1];
                var trusted = JinaOrleans.Gateway.Hosting.PemCertificates.LoadBundle(option("--silo-tls-ca"));
                var certificate = JinaOrleans.Gateway.Hosting.PemCertificates.LoadPair(option("--silo-tls-cert"), option("--silo-tls-key"));
                client.UseTls(certificate, o => o.RemoteCertificateValidation = (remote, _, _) => JinaOrleans.Gateway.Hosting.PemCertificates.ChainsTo(remote, trusted));
            }
        });
        builder.Services.AddJinaMessages();
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterInspector(host);
    }

    /// <summary>
    /// The activations of the grain class <paramref name="grainClass"/> in the cluster (single-activation grains:
    /// Orleans does not list a stateless worker's activations).
    /// </summary>
    public async Task<IReadOnlyList<DetailedGrainStatistic>> ActivationsAsync(Type grainClass) =>
        await Management.GetDetailedGrainStatistics([Orleans.Serialization.TypeSystem.RuntimeTypeNameFormatter.Format(grainClass)]);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
