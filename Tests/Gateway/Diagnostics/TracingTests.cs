using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Gateway;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Diagnostics;

/// <summary>
/// Traces end to end, read from OpenTelemetry's in-memory exporter: a W3C <c>traceparent</c> sent by a real grpcio
/// client (or an HTTP client) is the parent of the gateway's span, whose child is the flow's span, whose children are
/// one span per executor of the seed flow, in the flow's order — embedded, and on two in-process silos with one
/// executor on each; each request of a <c>Call</c> stream has its own span; an external executor (a grpcio worker)
/// receives its executor span's context.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string SeedFlow = """
        jtype: Flow
        with:
          protocol: [grpc, http]
          port: [0, 0]
        executors:
          - uses: FooExecutor
            replicas: 3
          - uses: BarExecutor
            replicas: 2
        """;

    private readonly SpanRecorder _recorder = new();

    public void Dispose() => _recorder.Dispose();

    [Fact]
    public async Task A_grpcio_clients_traceparent_is_the_parent_of_gateway_then_flow_then_one_span_per_executor_embedded()
    {
        await using var flow = await EmbeddedFlowHost.Create(SeedFlow).StartAsync();
        var client = SpanRecorder.NewClientContext();

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [Target(flow.Ports[0]), "single", "--traceparent", client.TraceParent], Timeout);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        var executors = AssertGatewayFlowExecutors(_recorder.Trace(client.TraceId), client.SpanId, "jina.JinaSingleDataRequestRPC/process_single_data", lines[1].GetProperty("sent")[0].GetString()!);
        Assert.All(executors, e => Assert.False(string.IsNullOrEmpty(e.GetTagItem(JinaTracing.Silo) as string)));
    }

    [Fact]
    public async Task The_same_parentage_holds_on_two_silos_with_an_executor_on_each()
    {
        var definition = Definition(SeedFlow);
        await using var cluster = await InProcessJinaCluster.StartAsync(
            definition,
            [typeof(JinaOrleans.Samples.Hello.FooExecutor), typeof(JinaOrleans.Samples.Hello.BarExecutor)],
            silos: 2,
            hosts: index => new HashSet<string>(StringComparer.Ordinal) { index == 0 ? "executor0" : "executor1" });
        await using var gateway = await GatewayServer.StartAsync(definition, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IGrainFactory>(cluster.Client);
        });
        var client = SpanRecorder.NewClientContext();

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [Target(gateway.Ports[0]), "single", "--traceparent", client.TraceParent], Timeout);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["hello, world!goodbye!", "hello, world!goodbye!"], lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        var executors = AssertGatewayFlowExecutors(_recorder.Trace(client.TraceId), client.SpanId, "jina.JinaSingleDataRequestRPC/process_single_data", lines[1].GetProperty("sent")[0].GetString()!);
        var silos = cluster.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()).ToArray();
        Assert.Equal([silos[0], silos[1]], executors.Select(e => e.GetTagItem(JinaTracing.Silo) as string));
    }

    [Fact]
    public async Task Each_request_of_a_call_stream_has_its_own_span_under_the_streams_context()
    {
        await using var flow = await EmbeddedFlowHost.Create(SeedFlow).StartAsync();
        var client = SpanRecorder.NewClientContext();

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [Target(flow.Ports[0]), "call", "2", "--traceparent", client.TraceParent], Timeout);

        Assert.True(exitCode == 0, stderr);
        var sent = lines[^1].GetProperty("sent").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var spans = _recorder.Trace(client.TraceId);
        var requests = spans.Where(s => s.DisplayName == "jina.JinaRPC/Call").ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(sent.Order(StringComparer.Ordinal), requests.Select(r => (string)r.GetTagItem(JinaTracing.RequestId)!).Order(StringComparer.Ordinal));
        Assert.All(requests, r => Assert.Equal(client.SpanId, r.ParentSpanId));
        Assert.NotEqual(requests[0].SpanId, requests[1].SpanId);
        foreach (var request in requests)
        {
            var flowSpan = Assert.Single(spans, s => s.ParentSpanId == request.SpanId);
            Assert.Equal("jina.flow", flowSpan.OperationName);
            Assert.Equal(2, spans.Count(s => s.ParentSpanId == flowSpan.SpanId && s.OperationName == "jina.executor"));
        }
    }

    [Fact]
    public async Task An_http_traceparent_header_is_the_parent_of_the_gateway_span()
    {
        await using var flow = await EmbeddedFlowHost.Create(SeedFlow).StartAsync();
        var client = SpanRecorder.NewClientContext();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{flow.Ports[1]}") };
        using var post = new HttpRequestMessage(HttpMethod.Post, "/post")
        {
            Content = new StringContent("""{"data": [{"text": ""}, {"text": ""}]}""", Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        post.Headers.TryAddWithoutValidation("traceparent", client.TraceParent);

        using var response = await http.SendAsync(post).WaitAsync(Timeout);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var spans = _recorder.Trace(client.TraceId);
        var gateway = Assert.Single(spans, s => s.OperationName == "POST /post");
        Assert.Equal(client.SpanId, gateway.ParentSpanId);
        Assert.Equal("http", gateway.GetTagItem(JinaTracing.Protocol));
        Assert.Equal(ActivityKind.Server, gateway.Kind);
        var flowSpan = Assert.Single(spans, s => s.ParentSpanId == gateway.SpanId);
        Assert.Equal(["executor0", "executor1"], spans.Where(s => s.ParentSpanId == flowSpan.SpanId).Select(s => s.GetTagItem(JinaTracing.Executor)));
    }

    [Fact]
    public async Task An_external_executor_receives_its_executor_spans_context_as_traceparent()
    {
        await using var worker = await PythonPeer.StartAsync("jina_grpc_worker.py", ["[py]", "120", "--report-traceparent"]);
        var portLine = await worker.WaitForLineAsync(l => l.StartsWith("{\"port\"", StringComparison.Ordinal), Timeout, "the Python worker's port");
        var port = JsonDocument.Parse(portLine).RootElement.GetProperty("port").GetInt32();
        await using var flow = await EmbeddedFlowHost.Create($"""
            jtype: Flow
            executors:
              - uses: FooExecutor
              - name: python
                external: true
                host: 127.0.0.1
                port: {port}
              - uses: BarExecutor
            """).StartAsync();
        var client = SpanRecorder.NewClientContext();
        var received = worker.WaitForLineAsync(l => l.StartsWith("{\"traceparent\"", StringComparison.Ordinal), Timeout, "the Python worker's traceparent report");

        var (exitCode, lines, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [Target(flow.Port), "single", "--traceparent", client.TraceParent], Timeout);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(["hello, world![py]goodbye!", "hello, world![py]goodbye!"], lines[0].GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        var spans = _recorder.Trace(client.TraceId);
        var external = Assert.Single(spans, s => s.OperationName == "jina.executor" && (string?)s.GetTagItem(JinaTracing.Executor) == "python");
        Assert.Equal(ActivityKind.Client, external.Kind);
        Assert.Equal("process_single_data", external.GetTagItem(JinaTracing.RpcMethod));
        var report = JsonDocument.Parse(await received).RootElement;
        Assert.Equal($"00-{client.TraceId}-{external.SpanId}-01", report.GetProperty("traceparent").GetString());
    }

    [Fact]
    public async Task With_tracing_true_in_the_yaml_the_flow_exports_its_spans_over_otlp_to_the_exporter_host_and_port()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var client = SpanRecorder.NewClientContext();
        var flow = await EmbeddedFlowHost.Create($"""
            jtype: Flow
            with:
              tracing: true
              traces_exporter_host: http://127.0.0.1
              traces_exporter_port: {collector.Port}
            executors:
              - uses: FooExecutor
            """).StartAsync();
        var exported = collector.WaitForTraceAsync(client.TraceId);
        try
        {
            var (exitCode, _, stderr) = await PythonPeer.RunAsync("jina_grpc_client.py", [Target(flow.Port), "single", "--traceparent", client.TraceParent], Timeout);
            Assert.True(exitCode == 0, stderr);
        }
        finally
        {
            // Stopping the flow's host shuts its tracer provider down, which exports the spans it still holds.
            await flow.DisposeAsync();
        }

        await exported.WaitAsync(Timeout);
    }

    /// <summary>gateway (child of the client's span) → flow → executor0, executor1; returns the executor spans in order.</summary>
    private static Activity[] AssertGatewayFlowExecutors(IReadOnlyList<Activity> spans, ActivitySpanId clientSpan, string gatewaySpanName, string requestId)
    {
        var gateway = Assert.Single(spans, s => s.ParentSpanId == clientSpan);
        Assert.Equal(gatewaySpanName, gateway.DisplayName);
        Assert.Equal(ActivityKind.Server, gateway.Kind);
        Assert.Equal("grpc", gateway.GetTagItem(JinaTracing.RpcSystem));
        Assert.Equal(requestId, gateway.GetTagItem(JinaTracing.RequestId));
        var flow = Assert.Single(spans, s => s.ParentSpanId == gateway.SpanId);
        Assert.Equal("jina.flow", flow.OperationName);
        var executors = spans.Where(s => s.ParentSpanId == flow.SpanId).ToArray();
        Assert.Equal(["executor0", "executor1"], executors.Select(e => e.GetTagItem(JinaTracing.Executor)));
        Assert.All(executors, e => Assert.Equal("jina.executor", e.OperationName));
        Assert.All(executors, e => Assert.Equal(2, e.GetTagItem(JinaTracing.Documents)));
        Assert.All(executors, e => Assert.Equal(ActivityStatusCode.Unset, e.Status));
        Assert.Equal(4, spans.Count);
        return executors;
    }

    private static FlowDefinition Definition(string yaml)
    {
        var definition = FlowYaml.Parse(yaml, "flow.yml", ".", _ => null);
        return definition with { Gateway = definition.Gateway with { Host = "127.0.0.1", Ports = [.. definition.Gateway.Ports.Select(_ => 0)] } };
    }

    private static string Target(int port) => "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
