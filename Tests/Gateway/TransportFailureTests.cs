using JinaOrleans.Definitions;
using JinaOrleans.Configuration;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Gateway;

/// <summary>
/// A failure behind the gateway (an unreachable executor, a timeout) as each protocol reports it: a gRPC
/// status, HTTP 503/504 with the request echoed, WebSocket close 1011 with the reason.
/// </summary>
public sealed class TransportFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unreachable_external_executor_is_503_over_http_1011_over_websocket_and_unavailable_over_grpc()
    {
        await using var flow = await StartAsync($"""
            jtype: Flow
            with:
              protocol: [grpc, http, websocket]
            executors:
              - name: gone
                uses: grpc://127.0.0.1:{UnusedPort()}
                retries: 0
            """);

        using var grpc = new JinaOrleans.Client.Client(host: $"grpc://127.0.0.1:{flow.Ports[0]}");
        var grpcError = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() => grpc.PostAsync("/", DocumentArray.Empty(1)));
        var http = await Curl.RunAsync(["-sS", "-w", "\n%{http_code}", "-X", "POST", $"http://127.0.0.1:{flow.Ports[1]}/post", "-H", "Content-Type: application/json", "-d", """{"data": [{}]}"""]);
        var ws = await PythonPeer.RunAsync("jina_ws_client.py", [$"127.0.0.1:{flow.Ports[2]}", "bytes", "1"], Timeout);

        Assert.Equal(global::Grpc.Core.StatusCode.Unavailable, grpcError.StatusCode);
        Assert.Contains("External executor 'gone'", grpcError.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith("503", http.Stdout, StringComparison.Ordinal);
        Assert.Contains("External executor 'gone'", http.Stdout, StringComparison.Ordinal);
        Assert.True(ws.ExitCode == 0, ws.Stderr);
        Assert.Equal(1011, ws.Lines[^1].GetProperty("close_code").GetInt32());
        Assert.NotEmpty(ws.Lines[^1].GetProperty("close_reason").GetString()!);
    }

    [Fact]
    public async Task A_timeout_is_504_over_http()
    {
        await using var flow = await StartAsync("""
            jtype: Flow
            with:
              protocol: http
            executors:
              - name: slow
                uses: SlowExecutor
                timeout_send: 200
            """);

        var http = await Curl.RunAsync(["-sS", "-w", "\n%{http_code}", "-X", "POST", $"http://127.0.0.1:{flow.Port}/post", "-H", "Content-Type: application/json", "-d", """{"data": [{}], "parameters": {"delay_ms": 20000}}"""]);

        Assert.EndsWith("504", http.Stdout, StringComparison.Ordinal);
        Assert.Contains("'slow' did not answer within its timeout_send", http.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_needs_both_files_and_readable_ones()
    {
        var onlyCertificate = new Flow(new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", SslCertFile = TestCertificates.Instance.CertificateFile } });
        var unreadable = new Flow(new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", SslCertFile = "/nonexistent/cert.pem", SslKeyFile = TestCertificates.Instance.KeyFile } });
        var swapped = new Flow(new FlowDefinition { Gateway = new GatewayDefinition { Host = "127.0.0.1", SslCertFile = TestCertificates.Instance.KeyFile, SslKeyFile = TestCertificates.Instance.CertificateFile } });

        var one = await Assert.ThrowsAsync<InvalidOperationException>(() => onlyCertificate.StartAsync());
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => unreadable.StartAsync());
        var bad = await Assert.ThrowsAsync<InvalidOperationException>(() => swapped.StartAsync());

        Assert.Equal("TLS needs both ssl_certfile and ssl_keyfile; only ssl_certfile was given.", one.Message);
        Assert.Equal("ssl_certfile: '/nonexistent/cert.pem' does not exist or cannot be read.", missing.Message);
        Assert.Contains("could not be loaded as a PEM certificate and key", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_svg_draws_the_topology_and_exits()
    {
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var svg = Path.Combine(Path.GetDirectoryName(flow)!, "flow.svg");
        await using var process = ChildProcess.Start("dotnet", [RepositoryPaths.ProjectOutput("GatewayHost", "GatewayHost.dll"), "--flow", flow, "--export-svg", svg]);

        Assert.Equal(0, await process.WaitForExitAsync(Timeout));
        var texts = System.Xml.Linq.XDocument.Load(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToArray();
        Assert.Contains("executor0", texts);
        Assert.Contains("executor1", texts);
        Assert.Contains("FooExecutor × 3", texts);
    }

    private static async Task<Flow> StartAsync(string yaml)
    {
        var definition = FlowYaml.Parse(yaml, "flow.yml", ".", _ => null);
        definition = definition with { Gateway = definition.Gateway with { Host = "127.0.0.1" } };
        var flow = new Flow(definition) { ConfigureLogging = logging => logging.SetMinimumLevel(LogLevel.None) };
        flow.ExecutorTypes.RegisterAssembly(typeof(JinaOrleans.Samples.Hello.SlowExecutor).Assembly);
        return await flow.StartAsync();
    }

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
