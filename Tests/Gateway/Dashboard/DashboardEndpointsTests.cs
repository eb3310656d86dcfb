using System.Net;
using System.Text.Json;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Dashboard;

/// <summary>
/// The dashboard's routes on an embedded flow's HTTP listener: the page and its assets, the snapshot's JSON shape with
/// the requests just sent, the event stream's framing, and nothing at all with <c>no_debug_endpoints</c>.
/// </summary>
public sealed class DashboardEndpointsTests
{
    // Executor names of their own: every flow in this test process records to the one JinaOrleans meter.
    private const string Yaml = """
        jtype: Flow
        with:
          protocol: [grpc, http]
          port: [1, 2]
        executors:
          - name: dash_endpoints_foo
            uses: FooExecutor
          - name: dash_endpoints_bar
            uses: BarExecutor
            replicas: 2
        """;

    [Fact]
    public async Task The_snapshot_has_the_gateway_each_executor_and_the_silo_with_the_requests_sent()
    {
        await using var flow = await EmbeddedFlowHost.Create(Yaml).StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{flow.Ports[1]}") };

        // The first snapshot starts the listening; the requests after it are counted.
        using (await GetJsonAsync(http, "/dashboard/snapshot"))
        {
        }

        using (var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: flow.Ports[0]))
        {
            for (var i = 0; i < 5; i++)
            {
                await client.PostAsync("/", DocumentArray.Empty(3));
            }
        }

        using var snapshot = await GetJsonAsync(http, "/dashboard/snapshot");
        var root = snapshot.RootElement;
        Assert.Equal(["executors", "flow", "gateway", "silos", "time", "windowSeconds"], Keys(root));
        Assert.Equal("flow", root.GetProperty("flow").GetString());
        Assert.Equal(10, root.GetProperty("windowSeconds").GetInt32());
        string[] summary = ["documents", "documentsPerSecond", "failed", "failedPerSecond", "p50Ms", "p99Ms", "pending", "requests", "requestsPerSecond"];
        var gateway = root.GetProperty("gateway");
        Assert.Equal(summary.Append("protocols").Order(StringComparer.Ordinal), Keys(gateway));
        Assert.Contains(gateway.GetProperty("protocols").EnumerateArray(), p => p.GetProperty("protocol").GetString() == "grpc" && p.GetProperty("requests").GetInt64() >= 5);

        var executors = root.GetProperty("executors").EnumerateArray().ToArray();
        Assert.Equal(["dash_endpoints_foo", "dash_endpoints_bar"], executors.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(summary.Concat(["calls", "endpoints", "external", "name", "replicas", "shards", "uses"]).Order(StringComparer.Ordinal), Keys(executors[0]));
        foreach (var executor in executors)
        {
            Assert.Equal(5, executor.GetProperty("requests").GetInt64());
            Assert.Equal(0, executor.GetProperty("failed").GetInt64());
            Assert.Equal(0, executor.GetProperty("pending").GetInt64());
            Assert.Equal(15, executor.GetProperty("documents").GetInt64());
            Assert.Equal(5, executor.GetProperty("calls").GetProperty("requests").GetInt64());
            var endpoint = Assert.Single(executor.GetProperty("endpoints").EnumerateArray());
            Assert.Equal("/", endpoint.GetProperty("endpoint").GetString());
        }

        Assert.Equal(2, executors[1].GetProperty("replicas").GetInt32());
        var silo = Assert.Single(root.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.True(silo.GetProperty("answered").GetBoolean(), silo.GetProperty("error").ToString());
        Assert.True(silo.GetProperty("activations").GetInt32() > 0);
        // The silo's figure counts every executor of the process: other tests' flows run beside this one.
        Assert.True(silo.GetProperty("executors").GetProperty("requests").GetInt64() >= 10, silo.ToString());
    }

    [Fact]
    public async Task The_page_and_its_assets_come_from_the_gateway()
    {
        await using var flow = await EmbeddedFlowHost.Create(Yaml).StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{flow.Ports[1]}") };

        var page = await http.GetAsync(new Uri("/dashboard", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        var script = await http.GetStringAsync(new Uri("/dashboard/dashboard.js", UriKind.Relative));
        var style = await http.GetAsync(new Uri("/dashboard/dashboard.css", UriKind.Relative));
        var svg = System.Xml.Linq.XDocument.Parse(await http.GetStringAsync(new Uri("/dashboard/flow.svg", UriKind.Relative)));

        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script src=\"/dashboard/dashboard.js\"></script>", html, StringComparison.Ordinal);
        // Nothing from elsewhere: no absolute address but the SVG namespace's name.
        var addresses = System.Text.RegularExpressions.Regex.Matches(html + script, "https?://[^'\"\\s)]*").Select(m => m.Value).Distinct();
        Assert.Equal(["http://www.w3.org/2000/svg"], addresses);
        Assert.Contains("new EventSource(eventsUrl)", script, StringComparison.Ordinal);
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
        var nodes = svg.Descendants().Where(e => e.Attribute("data-node")?.Value == "executor").Select(e => e.Attribute("data-name")!.Value);
        Assert.Equal(["dash_endpoints_foo", "dash_endpoints_bar"], nodes);
    }

    [Fact]
    public async Task Events_are_server_sent_snapshots_one_line_of_json_each()
    {
        await using var flow = await EmbeddedFlowHost.Create(Yaml).StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{flow.Ports[1]}") };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await http.GetAsync(new Uri("/dashboard/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var lines = new List<string>();
        while (lines.Count(l => l.Length == 0) < 3)
        {
            lines.Add(await reader.ReadLineAsync(cancel.Token) ?? throw new InvalidOperationException($"The stream ended after {string.Join(" | ", lines)}"));
        }

        Assert.Equal("retry: 2000", lines[0]);
        Assert.Equal(string.Empty, lines[1]);
        Assert.Equal("event: snapshot", lines[2]);
        Assert.StartsWith("data: {", lines[3], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[4]);
        Assert.Equal("event: snapshot", lines[5]);
        Assert.Equal(string.Empty, lines[7]);
        using var first = JsonDocument.Parse(lines[3]["data: ".Length..]);
        using var second = JsonDocument.Parse(lines[6]["data: ".Length..]);
        Assert.True(second.RootElement.GetProperty("time").GetDateTimeOffset() > first.RootElement.GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task No_debug_endpoints_turns_the_dashboard_off()
    {
        await using var flow = await EmbeddedFlowHost.Create(Yaml.Replace("  port: [1, 2]", "  port: [1, 2]\n  no_debug_endpoints: true", StringComparison.Ordinal)).StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{flow.Ports[1]}") };

        foreach (var path in new[] { "/dashboard", "/dashboard/snapshot", "/dashboard/events", "/dashboard/dashboard.js" })
        {
            var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
