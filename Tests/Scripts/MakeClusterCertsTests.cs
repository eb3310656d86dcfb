using System.Security.Cryptography.X509Certificates;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Scripts;

/// <summary><c>scripts/make-cluster-certs.sh</c> makes files a silo and a gateway accept for mutual TLS.</summary>
public sealed class MakeClusterCertsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task The_certificates_it_makes_carry_a_cluster_with_mutual_tls()
    {
        var folder = Directory.CreateTempSubdirectory("jinaorleans-certs-").FullName;
        try
        {
            var (code, stderr) = await ChildProcess.RunToExitAsync("bash", [Path.Combine(RepositoryPaths.Root, "scripts", "make-cluster-certs.sh"), folder, "silo"], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, stderr);

            var (ca, certificate, key) = (Path.Combine(folder, "ca.pem"), Path.Combine(folder, "peer.pem"), Path.Combine(folder, "peer.key"));
            using var peer = PemCertificates.LoadPair(certificate, key);
            Assert.True(PemCertificates.ChainsTo(peer, PemCertificates.LoadBundle(ca), PemCertificates.ClientAuthentication));
            Assert.Contains("silo", peer.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());

            var flow = FlowFiles.Write(FlowFiles.Seed);
            var cluster = redis.NewCluster();
            await using var silo = await TestSilo.StartAsync(cluster, flow, extra: ["--tls-cert", certificate, "--tls-key", key, "--tls-ca", ca]);
            await using var gateway = await TestGateway.StartClusterAsync(cluster, flow, "--silo-tls-ca", ca, "--silo-tls-cert", certificate, "--silo-tls-key", key);
            using var client = gateway.CreateClient();
            var docs = await client.PostAsync("/", DocumentArray.Empty(2));
            Assert.All(docs, d => Assert.Equal("hello, world!goodbye!", d.Text));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
