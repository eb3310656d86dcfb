using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Compatibility;

/// <summary>TLS with real peers: Python grpcio with root_certificates, and plaintext clients refused cleanly.</summary>
public sealed class TlsPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_python_grpcio_client_with_root_certificates_calls_the_gateway_over_tls()
    {
        await using var flow = await StartTlsAsync(GatewayProtocol.Grpc);

        var call = await PythonPeer.RunAsync("jina_grpc_client.py", [$"localhost:{flow.Port}", "call", "2", "--tls", TestCertificates.Instance.CaFile], Timeout);
        var single = await PythonPeer.RunAsync("jina_grpc_client.py", [$"localhost:{flow.Port}", "single", "--tls", TestCertificates.Instance.CaFile], Timeout);

        Assert.True(call.ExitCode == 0, call.Stderr);
        Assert.Equal(2, call.Lines.Count - 1);
        Assert.All(call.Lines.SkipLast(1), l => Assert.Equal("hello, world!goodbye!", l.GetProperty("texts")[0].GetString()));
        Assert.True(single.ExitCode == 0, single.Stderr);

        foreach (var compression in new[] { "gzip", "deflate" })
        {
            var every = await PythonPeer.RunAsync("jina_grpc_client.py", [$"localhost:{flow.Port}", "every_gateway", "--tls", TestCertificates.Instance.CaFile, "--compression", compression, "--timeout", "20"], Timeout);
            Assert.True(every.ExitCode == 0, every.Stderr);
            PythonGrpcClientTests.AssertAllOk(every.Lines[0], "Call", "process_single_data", "endpoint_discovery", "_status", "dry_run", "health");
        }
    }

    [Fact]
    public async Task A_plaintext_grpc_client_against_a_tls_port_is_refused_and_the_gateway_keeps_serving()
    {
        await using var flow = await StartTlsAsync(GatewayProtocol.Grpc);

        var plain = await PythonPeer.RunAsync("jina_grpc_client.py", [$"127.0.0.1:{flow.Port}", "single"], Timeout);
        using var plainDotnet = new JinaOrleans.Client.Client(host: $"grpc://127.0.0.1:{flow.Port}");
        var dotnetError = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => plainDotnet.PostAsync("/", DocumentArray.Empty(1)));

        Assert.NotEqual(0, plain.ExitCode);
        // grpc-dotnet reports the refused connection as UNAVAILABLE, or as INTERNAL when the TLS listener answered the
        // plaintext HTTP/2 preface with bytes before closing (which of the two depends on timing).
        Assert.True(
            dotnetError.StatusCode is global::Grpc.Core.StatusCode.Unavailable or global::Grpc.Core.StatusCode.Internal,
            $"{dotnetError.StatusCode}: {dotnetError.Status.Detail}");
        var secure = await PythonPeer.RunAsync("jina_grpc_client.py", [$"localhost:{flow.Port}", "single", "--tls", TestCertificates.Instance.CaFile], Timeout);
        Assert.True(secure.ExitCode == 0, secure.Stderr);
    }

    [Theory]
    [InlineData(GatewayProtocol.Http)]
    [InlineData(GatewayProtocol.WebSocket)]
    public async Task Curl_with_the_ca_gets_an_answer_over_https_and_without_it_is_refused(GatewayProtocol protocol)
    {
        await using var flow = await StartTlsAsync(protocol);

        var trusted = await Curl.RunAsync(["-sS", "--cacert", TestCertificates.Instance.CaFile, $"https://localhost:{flow.Port}/dry_run"]);
        var untrusted = await Curl.RunAsync(["-sS", $"https://localhost:{flow.Port}/dry_run"]);
        var plaintext = await Curl.RunAsync(["-sS", $"http://127.0.0.1:{flow.Port}/dry_run"]);

        Assert.Equal(0, trusted.ExitCode);
        Assert.Contains("\"code\":0", trusted.Stdout, StringComparison.Ordinal);
        Assert.Equal(60, untrusted.ExitCode); // curl: peer certificate cannot be authenticated with known CA certificates
        Assert.NotEqual(0, plaintext.ExitCode);
    }

    private static Task<Flow> StartTlsAsync(GatewayProtocol protocol) =>
        new Flow(new FlowDefinition
        {
            Gateway = new GatewayDefinition
            {
                Host = "127.0.0.1",
                Protocols = [protocol],
                Ports = [0],
                SslCertFile = TestCertificates.Instance.CertificateFile,
                SslKeyFile = TestCertificates.Instance.KeyFile,
            },
        })
        {
            ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None),
        }.Add<FooExecutor>().Add<BarExecutor>().StartAsync();
}
