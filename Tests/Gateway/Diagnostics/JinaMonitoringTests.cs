using System.Net;
using System.Text;
using JinaOrleans.Client;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Diagnostics;

/// <summary>
/// <c>monitoring: true</c> on an embedded flow: known traffic, then <c>/metrics</c> on the monitoring port parsed by
/// the Prometheus client's own parser (python3-prometheus-client). The counts, the histograms' buckets and the
/// labels are Jina's; the Jina ports do not serve <c>/metrics</c> and the monitoring port serves nothing else. The
/// counters and the in-flight gauge are the process's (as a Prometheus client's are), and other tests' flows in this
/// process may have counted on the same series while they listened, so counts are read as the change across the
/// traffic; the histograms belong to the flow's exporter and start at zero.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class JinaMonitoringTests
{
    private const int Requests = 5;
    private const int DocumentsPerRequest = 3;
    private const int Failures = 2;

    // fail serves only /fail (it comes first, so a request there stops at it); foo and bar serve every endpoint.
    private static string FlowYaml(int monitoringPort) => $"""
        jtype: Flow
        with:
          protocol: [grpc, http]
          monitoring: true
          port_monitoring: {monitoringPort}
        executors:
          - name: fail
            uses: FailExecutor
            uses_requests:
              /fail: Fail
          - name: foo
            uses: FooExecutor
            replicas: 2
          - name: bar
            uses: BarExecutor
        """;

    [Fact]
    public async Task Known_traffic_shows_in_metrics_with_Jinas_names_counts_buckets_and_labels()
    {
        var monitoringPort = FreePorts.Take(1)[0];
        await using var flow = await EmbeddedFlowHost.Create(FlowYaml(monitoringPort)).StartAsync();
        Assert.Equal(monitoringPort, flow.MonitoringPort);
        var before = await PrometheusScrape.ScrapeAsync($"http://127.0.0.1:{monitoringPort}/metrics");

        // N requests of M documents over gRPC (the Call stream), K that an executor fails, one over HTTP.
        using (var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Ports[0]))
        {
            var docs = await client.PostAsync("/", DocumentArray.Empty(Requests * DocumentsPerRequest), requestSize: DocumentsPerRequest);
            Assert.Equal(Requests * DocumentsPerRequest, docs.Count);
            for (var i = 0; i < Failures; i++)
            {
                await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/fail", DocumentArray.Empty(1)));
            }
        }

        using var http = new HttpClient();
        using (var body = new StringContent("""{"data": [{"text": "a"}]}""", Encoding.UTF8, "application/json"))
        {
            using var posted = await http.PostAsync(new Uri($"http://127.0.0.1:{flow.Ports[1]}/post"), body);
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var scrape = await PrometheusScrape.ScrapeAsync($"http://127.0.0.1:{monitoringPort}/metrics");
        double Counted(string name, params (string Key, string Value)[] labels) => scrape.Sum(name, labels) - before.Sum(name, labels);

        // The gateway, per protocol.
        (string, string) gateway = ("runtime_name", "gateway");
        (string, string) grpc = ("protocol", "grpc");
        Assert.Single(scrape.Find("jina_successful_requests_total", gateway, grpc));
        Assert.Equal(Requests, Counted("jina_successful_requests_total", gateway, grpc));
        Assert.Equal(Failures, Counted("jina_failed_requests_total", gateway, grpc));
        Assert.Equal(1, Counted("jina_successful_requests_total", gateway, ("protocol", "http")));
        Assert.Equal(Requests + Failures, scrape.CheckHistogram("jina_receiving_request_seconds", gateway, grpc));
        Assert.Equal(1, scrape.CheckHistogram("jina_receiving_request_seconds", gateway, ("protocol", "http")));
        Assert.Equal(Requests + Failures, scrape.CheckHistogram("jina_received_request_bytes", gateway, grpc));
        Assert.Equal(Requests + Failures, scrape.CheckHistogram("jina_sent_response_bytes", gateway, grpc));
        Assert.True(scrape.Value("jina_received_request_bytes_sum", gateway, grpc) > 0);
        Assert.Equal(0, scrape.Value("jina_number_of_pending_requests", gateway, grpc));
        Assert.Equal("counter", scrape.Find("jina_successful_requests_total", gateway, grpc)[0].Type);
        Assert.Equal("gauge", scrape.Find("jina_number_of_pending_requests", gateway, grpc)[0].Type);

        // Each executor instance: documents, successes and failures, its Jina runtime name, shard, replica and silo.
        (string, string) foo = ("executor", "foo");
        (string, string) root = ("executor_endpoint", "/");
        var fooSeries = scrape.Find("jina_document_processed_total", foo, root);
        Assert.Equal(Requests * DocumentsPerRequest + 1, Counted("jina_document_processed_total", foo, root));
        Assert.All(fooSeries, s =>
        {
            Assert.Matches("^foo/rep-[01]$", s.Labels["runtime_name"]);
            Assert.Equal("0", s.Labels["shard"]);
            Assert.Equal(s.Labels["runtime_name"][^1..], s.Labels["replica"]);
            Assert.Matches(@"^127\.0\.0\.1:\d+@\d+$", s.Labels["silo"]);
        });
        Assert.NotEmpty(fooSeries);
        Assert.Equal(Requests * DocumentsPerRequest + 1, Counted("jina_document_processed_total", ("executor", "bar"), root, ("runtime_name", "bar/rep-0")));
        Assert.Equal(Requests + 1, Counted("jina_successful_requests_total", foo, root));
        Assert.Equal(0, Counted("jina_failed_requests_total", foo));
        Assert.Equal(Failures, Counted("jina_failed_requests_total", ("executor", "fail"), ("executor_endpoint", "/fail"), ("runtime_name", "fail/rep-0")));
        Assert.Equal(0, Counted("jina_document_processed_total", ("executor", "fail")));
        Assert.Equal(Requests + 1, scrape.CheckHistogram("jina_process_request_seconds", ("executor", "bar"), root, ("runtime_name", "bar/rep-0")));
        Assert.Equal(Requests + 1, scrape.CheckHistogram("jina_receiving_request_seconds", ("executor", "bar"), root, ("runtime_name", "bar/rep-0")));

        // The flow's calls to its executors, measured at the caller.
        Assert.Equal(Requests + 1, scrape.CheckHistogram("jina_sending_request_seconds", gateway, foo, root));
        Assert.Equal(Failures, scrape.CheckHistogram("jina_sending_request_seconds", gateway, ("executor", "fail"), ("executor_endpoint", "/fail")));
        Assert.Equal(Requests + 1, scrape.CheckHistogram("jina_sent_request_bytes", gateway, foo, root));
        Assert.Equal(Requests + 1, scrape.CheckHistogram("jina_received_response_bytes", gateway, foo, root));
        Assert.Equal(0, scrape.Value("jina_number_of_pending_requests", gateway, foo, root));
        // In flight is counted by the flow's calls only, not again by each executor instance.
        Assert.All(scrape.Find("jina_number_of_pending_requests", foo), s => Assert.Equal("gateway", s.Labels["runtime_name"]));

        // Orleans' and ASP.NET Core's meters beside Jina's (grpc-dotnet 2.85 publishes EventCounters, not a meter; its
        // calls show in ASP.NET Core's http.server.request.duration).
        Assert.Contains(scrape.Families, f => f.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(scrape.Families, f => f.StartsWith("kestrel_", StringComparison.Ordinal));
        Assert.NotEmpty(scrape.Find("http_server_request_duration_seconds_count", ("http_request_method", "POST"), ("network_protocol_version", "2")));
    }

    [Fact]
    public async Task Metrics_are_served_on_the_monitoring_port_only()
    {
        var monitoringPort = FreePorts.Take(1)[0];
        await using var flow = await EmbeddedFlowHost.Create(FlowYaml(monitoringPort)).StartAsync();
        using var http = new HttpClient();

        // Jina serves the scrape at / too.
        var atRoot = await PrometheusScrape.ScrapeAsync($"http://127.0.0.1:{monitoringPort}/");
        Assert.Contains("kestrel_active_connections", atRoot.Families);

        // The HTTP gateway's port has no /metrics; the monitoring port has no Jina routes.
        using var gatewayMetrics = await http.GetAsync(new Uri($"http://127.0.0.1:{flow.Ports[1]}/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, gatewayMetrics.StatusCode);
        using var gatewayRoot = await http.GetAsync(new Uri($"http://127.0.0.1:{flow.Ports[1]}/"));
        Assert.Equal("{}", await gatewayRoot.Content.ReadAsStringAsync());
        using var status = await http.GetAsync(new Uri($"http://127.0.0.1:{monitoringPort}/status"));
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        using var body = new StringContent("""{"data": [{"text": "a"}]}""", Encoding.UTF8, "application/json");
        using var post = await http.PostAsync(new Uri($"http://127.0.0.1:{monitoringPort}/post"), body);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task A_stream_doc_counts_as_one_request_at_the_gateway_and_each_item_as_a_response_sent(string protocol)
    {
        var monitoringPort = FreePorts.Take(1)[0];
        await using var flow = await EmbeddedFlowHost.Create($"""
            jtype: Flow
            with:
              protocol: {protocol}
              monitoring: true
              port_monitoring: {monitoringPort}
            executors:
              - name: generator
                uses: TokenGenerator
            """).StartAsync();
        var before = await PrometheusScrape.ScrapeAsync($"http://127.0.0.1:{monitoringPort}/metrics");
        using (var client = new JinaOrleans.Client.Client(host: $"{protocol}://127.0.0.1:{flow.Ports[0]}"))
        {
            Assert.Equal(3, (await client.StreamDocAsync("/stream", new Document("one two three")).ToListAsync()).Count);
            var failing = new PostOptions { Parameters = new Dictionary<string, object?> { ["fail_after"] = 2 } };
            var sent = 0;
            await Assert.ThrowsAsync<ExecutorErrorException>(async () =>
            {
                await foreach (var token in client.StreamDocAsync("/stream", new Document("a b c"), failing))
                {
                    sent++;
                }
            });
            Assert.Equal(2, sent);
        }

        var scrape = await PrometheusScrape.ScrapeAsync($"http://127.0.0.1:{monitoringPort}/metrics");
        double Counted(string name, params (string Key, string Value)[] labels) => scrape.Sum(name, labels) - before.Sum(name, labels);
        (string, string) gateway = ("runtime_name", "gateway");
        (string, string) wire = ("protocol", protocol);

        // The stream that ran to its end succeeded; the one the generator broke off failed: its two items and the error,
        // which goes out as the stream's last item, were sent.
        Assert.Equal(1, Counted("jina_successful_requests_total", gateway, wire));
        Assert.Equal(1, Counted("jina_failed_requests_total", gateway, wire));
        Assert.Equal(0, scrape.Value("jina_number_of_pending_requests", gateway, wire));
        Assert.Equal(2, Counted("jina_receiving_request_seconds_count", gateway, wire));
        Assert.Equal(2, Counted("jina_received_request_bytes_count", gateway, wire));
        Assert.Equal(3 + 2 + 1, Counted("jina_sent_response_bytes_count", gateway, wire));
        Assert.True(Counted("jina_sent_response_bytes_sum", gateway, wire) > 0);
        scrape.CheckHistogram("jina_sent_response_bytes", gateway, wire);
    }

    [Fact]
    public async Task Without_monitoring_there_is_no_monitoring_port_and_nothing_listens()
    {
        await using var flow = await EmbeddedFlowHost.Create("""
            jtype: Flow
            with:
              protocol: http
            executors:
              - uses: FooExecutor
            """).StartAsync();

        Assert.Null(flow.MonitoringPort);
        Assert.Null(flow.Services!.GetService<MeterProvider>());
        using var client = new JinaOrleans.Client.Client(host: $"http://127.0.0.1:{flow.Ports[0]}");
        Assert.Single(await client.PostAsync("/", DocumentArray.Empty(1)));
        Assert.False(JinaOrleans.Diagnostics.JinaMetrics.SuccessfulRequests.Enabled, "nothing listens to the meter without monitoring");
    }
}
