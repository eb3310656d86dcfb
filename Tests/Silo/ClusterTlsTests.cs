using JinaOrleans.Rpc;
using JinaOrleans.Runtime.Cluster;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// Mutual TLS between the gateway and the silos, and between silos: with <c>--tls-cert/--tls-key/--tls-ca</c> a
/// silo serves only TLS and only to callers whose client certificate chains to the CA.
/// </summary>
public sealed class ClusterTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static TestCertificates Certificates => TestCertificates.Instance;

    private static string[] SiloTls => ["--tls-cert", Certificates.PeerCertificateFile, "--tls-key", Certificates.PeerKeyFile, "--tls-ca", Certificates.CaFile];

    [Fact]
    public async Task Silos_and_gateway_talk_over_mutual_tls_and_a_python_grpcio_peer_with_a_client_certificate_reaches_the_worker_port()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        await using var a = await TestSilo.StartAsync(flow, extra: SiloTls);

        // The second silo joins through the first: silo-to-silo probes run over mutual TLS.
        await using var b = await TestSilo.StartAsync(flow, extra: [.. SiloTls, "--seeds", a.Address]);
        await using var gateway = await TestGateway.StartAsync(
            "--flow", flow, "--silos", $"{a.Address},{b.Address}", "--log-level", "Information",
            "--silo-tls-ca", Certificates.CaFile, "--silo-tls-cert", Certificates.PeerCertificateFile, "--silo-tls-key", Certificates.PeerKeyFile);
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
        await gateway.Process.WaitForLineAsync(l => l.Contains($"Silo {b.Address} ({b.SiloId}) joined", StringComparison.Ordinal), Timeout, "the gateway to see the second silo");
    }

    [Fact]
    public async Task A_silo_with_mutual_tls_refuses_plaintext_and_callers_without_a_trusted_client_certificate()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        await using var silo = await TestSilo.StartAsync(flow, extra: SiloTls);

        using var plaintext = new SiloClient();
        var plaintextError = await Assert.ThrowsAsync<RpcException>(() => plaintext.DescribeAsync(silo.Address, string.Empty, TimeSpan.FromSeconds(5), CancellationToken.None));
        var noCertificate = await RunGatewayAsync(flow, silo.Address, "--silo-tls-ca", Certificates.CaFile);
        var stranger = await RunGatewayAsync(flow, silo.Address, "--silo-tls-ca", Certificates.CaFile, "--silo-tls-cert", Certificates.StrangerCertificateFile, "--silo-tls-key", Certificates.StrangerKeyFile);
        var python = await PythonPeer.RunAsync("jina_grpc_client.py", [silo.Address, "health", "--tls", Certificates.CaFile], Timeout);
        var keyWithoutCertificate = await RunGatewayAsync(flow, silo.Address, "--silo-tls-key", Certificates.PeerKeyFile);

        Assert.Equal(StatusCode.Unavailable, plaintextError.StatusCode);
        Assert.Equal(3, noCertificate.Code);
        Assert.Contains($"No silo answered at the seed address(es) {silo.Address}", noCertificate.Stderr, StringComparison.Ordinal);
        Assert.Contains("Last error:", noCertificate.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, stranger.Code);
        Assert.NotEqual(0, python.ExitCode);
        Assert.Equal(2, keyWithoutCertificate.Code);
        Assert.Contains("--silo-tls-cert and --silo-tls-key need --silo-tls-ca", keyWithoutCertificate.Stderr, StringComparison.Ordinal);

        // The refused callers broke nothing: a trusted gateway still gets answers.
        await using var gateway = await TestGateway.StartAsync(
            "--flow", flow, "--silos", silo.Address,
            "--silo-tls-ca", Certificates.CaFile, "--silo-tls-cert", Certificates.PeerCertificateFile, "--silo-tls-key", Certificates.PeerKeyFile);
        using var client = gateway.CreateClient();
        var docs = await client.PostAsync("/", DocumentArray.Empty(1));
        Assert.Equal("hello, world!goodbye!", docs[0].Text);
    }

    [Fact]
    public async Task Unreadable_or_mismatched_tls_files_stop_the_silo_with_a_message_naming_them()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var missing = Path.Combine(Path.GetTempPath(), "jinaorleans-no-such-cert-" + Guid.NewGuid().ToString("N") + ".pem");

        var missingFile = await RunSiloAsync(flow, "--tls-cert", missing, "--tls-key", Certificates.PeerKeyFile);
        var wrongKey = await RunSiloAsync(flow, "--tls-cert", Certificates.PeerCertificateFile, "--tls-key", Certificates.StrangerKeyFile);
        var caWithoutCertificate = await RunSiloAsync(flow, "--tls-ca", Certificates.CaFile);
        var notACa = await RunSiloAsync(flow, "--tls-cert", Certificates.PeerCertificateFile, "--tls-key", Certificates.PeerKeyFile, "--tls-ca", Certificates.PeerKeyFile);

        Assert.Equal(2, missingFile.Code);
        Assert.Contains($"'{missing}' does not exist", missingFile.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, wrongKey.Code);
        Assert.Contains(Certificates.StrangerKeyFile, wrongKey.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, caWithoutCertificate.Code);
        Assert.Contains("--tls-ca needs --tls-cert and --tls-key", caWithoutCertificate.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, notACa.Code);
        Assert.Contains("--tls-ca", notACa.Stderr, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Stderr)> RunGatewayAsync(string flow, string silo, params string[] extra) =>
        TestGateway.RunToExitAsync(["--flow", flow, "--silos", silo, "--host", "127.0.0.1", "--port", "0", "--join-timeout", "2", .. extra]);

    private static Task<(int Code, string Stderr)> RunSiloAsync(string flow, params string[] extra) => TestSilo.RunToExitAsync(flow, extra);
}
