using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// Mutual TLS inside the cluster (Orleans' Connections.Security): with <c>--tls-cert/--tls-key/--tls-ca</c> a silo
/// talks TLS on every Orleans connection (silo to silo, gateway to silo) and on its worker port, and only to peers
/// whose certificate chains to the CA.
/// </summary>
public sealed class ClusterTlsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static TestCertificates Certificates => TestCertificates.Instance;

    private static string[] SiloTls => ["--tls-cert", Certificates.PeerCertificateFile, "--tls-key", Certificates.PeerKeyFile, "--tls-ca", Certificates.CaFile];

    private static string[] GatewayTls => ["--silo-tls-ca", Certificates.CaFile, "--silo-tls-cert", Certificates.PeerCertificateFile, "--silo-tls-key", Certificates.PeerKeyFile];

    [Fact]
    public async Task Silos_and_gateway_talk_over_mutual_tls_and_a_python_grpcio_peer_with_a_client_certificate_reaches_the_worker_port()
    {
        var cluster = redis.NewCluster();
        var flow = FlowFiles.Write(FlowFiles.Seed);

        // Two silos of one cluster: their membership probes and grain calls run over mutual TLS.
        var silos = await Task.WhenAll(TestSilo.StartAsync(cluster, flow, extra: SiloTls), TestSilo.StartAsync(cluster, flow, extra: SiloTls));
        await using var a = silos[0];
        await using var b = silos[1];
        await using var gateway = await TestGateway.StartClusterAsync(cluster, flow, GatewayTls);
        using var client = gateway.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.PostAsync("/", DocumentArray.Empty(2))));
        var worker = await PythonPeer.RunAsync(
            "jina_grpc_client.py",
            [a.Address, "single_target", "executor0", "--tls", Certificates.CaFile, "--tls-client", Certificates.PeerCertificateFile, Certificates.PeerKeyFile],
            Timeout);

        Assert.All(responses, docs => Assert.All(docs, d => Assert.Equal("hello, world!goodbye!", d.Text)));
        Assert.Contains("mutual tls", a.Process.StandardOutput, StringComparison.Ordinal);
        Assert.True(worker.ExitCode == 0, worker.Stderr + string.Join('\n', worker.Lines));
        Assert.Equal("hello, world!", worker.Lines[0].GetProperty("texts")[0].GetString());

        // Both silos see each other as active members: they joined over TLS.
        await using var inspector = await ClusterInspector.ConnectAsync(cluster, GatewayTls);
        var hosts = await inspector.Management.GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public async Task A_silo_with_mutual_tls_refuses_plaintext_and_callers_without_a_trusted_client_certificate()
    {
        var cluster = redis.NewCluster();
        var flow = FlowFiles.Write(FlowFiles.Seed);
        await using var silo = await TestSilo.StartAsync(cluster, flow, extra: SiloTls);

        var plaintext = await RunGatewayAsync(cluster, flow);
        var noCertificate = await RunGatewayAsync(cluster, flow, "--silo-tls-ca", Certificates.CaFile);
        var stranger = await RunGatewayAsync(cluster, flow, "--silo-tls-ca", Certificates.CaFile, "--silo-tls-cert", Certificates.StrangerCertificateFile, "--silo-tls-key", Certificates.StrangerKeyFile);
        var python = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "health", "--tls", Certificates.CaFile], Timeout);
        var keyWithoutCertificate = await RunGatewayAsync(cluster, flow, "--silo-tls-key", Certificates.PeerKeyFile);

        Assert.Equal(3, plaintext.Code);
        Assert.Contains("cannot reach the cluster", plaintext.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, noCertificate.Code);
        Assert.Contains("check that the silos' certificates chain to --silo-tls-ca", noCertificate.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, stranger.Code);
        Assert.NotEqual(0, python.ExitCode);
        Assert.Equal(2, keyWithoutCertificate.Code);
        Assert.Contains("--silo-tls-cert and --silo-tls-key need --silo-tls-ca", keyWithoutCertificate.Stderr, StringComparison.Ordinal);

        // The refused callers broke nothing: a trusted gateway still gets answers.
        await using var gateway = await TestGateway.StartClusterAsync(cluster, flow, GatewayTls);
        using var client = gateway.CreateClient();
        var docs = await client.PostAsync("/", DocumentArray.Empty(1));
        Assert.Equal("hello, world!goodbye!", docs[0].Text);
    }

    [Fact]
    public async Task Unreadable_or_mismatched_tls_files_stop_the_silo_with_a_message_naming_them()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var missing = Path.Combine(Path.GetTempPath(), "jinaorleans-no-such-cert-" + Guid.NewGuid().ToString("N") + ".pem");
        var cluster = redis.NewCluster().Arguments;

        var missingFile = await TestSilo.RunToExitAsync(flow, [.. cluster, "--tls-cert", missing, "--tls-key", Certificates.PeerKeyFile]);
        var wrongKey = await TestSilo.RunToExitAsync(flow, [.. cluster, "--tls-cert", Certificates.PeerCertificateFile, "--tls-key", Certificates.StrangerKeyFile]);
        var caWithoutCertificate = await TestSilo.RunToExitAsync(flow, [.. cluster, "--tls-ca", Certificates.CaFile]);
        var notACa = await TestSilo.RunToExitAsync(flow, [.. cluster, "--tls-cert", Certificates.PeerCertificateFile, "--tls-key", Certificates.PeerKeyFile, "--tls-ca", Certificates.PeerKeyFile]);

        Assert.Equal(2, missingFile.Code);
        Assert.Contains($"'{missing}' does not exist", missingFile.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, wrongKey.Code);
        Assert.Contains(Certificates.StrangerKeyFile, wrongKey.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, caWithoutCertificate.Code);
        Assert.Contains("--tls-ca needs --tls-cert and --tls-key", caWithoutCertificate.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, notACa.Code);
        Assert.Contains("--tls-ca", notACa.Stderr, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Stderr)> RunGatewayAsync(ClusterContext cluster, string flow, params string[] extra) =>
        TestGateway.RunToExitAsync(["--flow", flow, .. cluster.Arguments, "--host", "127.0.0.1", "--port", "0", "--join-timeout", "3", .. extra]);
}
