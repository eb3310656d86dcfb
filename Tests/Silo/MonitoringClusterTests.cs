using System.Globalization;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.SiloHost;

/// <summary>
/// Metrics on a cluster: a GatewayHost and two Silo processes on a real redis-server, each with
/// <c>--port-monitoring</c>. Each silo's <c>/metrics</c> shows the executors it hosts (tagged with its own silo
/// address) and the flow's calls it made; the gateway's shows the client's requests. Parsed by python3-prometheus-client.
/// </summary>
public sealed class MonitoringClusterTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Requests = 20;
    private const int DocumentsPerRequest = 4;

    [Fact]
    public async Task Each_silo_shows_its_executors_and_the_gateway_its_requests()
    {
        var cluster = redis.NewCluster();
        var flow = FlowFiles.Write(FlowFiles.Seed);
        var monitoring = FreePorts.Take(3);
        string Port(int i) => monitoring[i].ToString(CultureInfo.InvariantCulture);

        // executor0 (Foo, 3 replicas) on the first silo, executor1 (Bar, 2 replicas) on the second.
        var silos = await Task.WhenAll(
            TestSilo.StartAsync(cluster, flow, null, "--host-executors", "executor0", "--port-monitoring", Port(0)),
            TestSilo.StartAsync(cluster, flow, null, "--host-executors", "executor1", "--port-monitoring", Port(1)));
        await using var first = silos[0];
        await using var second = silos[1];
        await using var gateway = await TestGateway.StartClusterAsync(cluster, flow, "--port-monitoring", Port(2));
        await gateway.Process.WaitForLineAsync(l => l == $"Gateway serving metrics on 127.0.0.1:{Port(2)}/metrics", TimeSpan.FromSeconds(30), "the gateway to report its monitoring port");
        await first.Process.WaitForLineAsync(l => l.EndsWith($"; monitoring port {Port(0)})", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the silo to report its monitoring port");

        using (var client = gateway.CreateClient())
        {
            var docs = await client.PostAsync("/", DocumentArray.Empty(Requests * DocumentsPerRequest), requestSize: DocumentsPerRequest);
            Assert.Equal(Requests * DocumentsPerRequest, docs.Count);
        }

        var scrapes = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => PrometheusScrape.ScrapeAsync($"http://127.0.0.1:{Port(i)}/metrics")));
        var (atFirst, atSecond, atGateway) = (scrapes[0], scrapes[1], scrapes[2]);

        // Each silo: the documents of its own executor, on its own replicas, tagged with its own address.
        foreach (var (scrape, silo, executor, replicas) in new[] { (atFirst, first, "executor0", 3), (atSecond, second, "executor1", 2) })
        {
            var documents = scrape.Find("jina_document_processed_total", ("executor", executor), ("executor_endpoint", "/"));
            Assert.Equal(Requests * DocumentsPerRequest, documents.Sum(s => s.Value));
            Assert.All(documents, s =>
            {
                Assert.Equal(silo.SiloAddress, s.Labels["silo"]);
                Assert.Matches($"^{executor}/rep-[0-{replicas - 1}]$", s.Labels["runtime_name"]);
            });
            Assert.Equal(Requests, scrape.Sum("jina_successful_requests_total", ("executor", executor)));
            Assert.Empty(scrape.Find("jina_document_processed_total", ("executor", executor == "executor0" ? "executor1" : "executor0")));
            Assert.Contains(scrape.Families, f => f.StartsWith("orleans_", StringComparison.Ordinal));
        }

        // The flow's calls to each executor, from whichever silo ran the flow grain.
        foreach (var executor in new[] { "executor0", "executor1" })
        {
            var calls = scrapes.Take(2).Sum(s => s.Find("jina_sending_request_seconds_count", ("runtime_name", "gateway"), ("executor", executor)).Sum(c => c.Value));
            Assert.Equal(Requests, calls);
        }

        // The gateway: the client's requests, and no executor of its own.
        Assert.Equal(Requests, atGateway.Value("jina_successful_requests_total", ("runtime_name", "gateway"), ("protocol", "grpc")));
        Assert.Equal(Requests, atGateway.CheckHistogram("jina_receiving_request_seconds", ("runtime_name", "gateway"), ("protocol", "grpc")));
        Assert.Empty(atGateway.Find("jina_document_processed_total"));
    }
}
