using System.Globalization;
using System.Net;
using System.Text.Json;
using JinaOrleans.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Dashboard;

/// <summary>
/// The dashboard of a cluster: a GatewayHost process (an Orleans client) and two Silo processes on a real redis-server,
/// executor0 hosted on the first silo only and executor1 on the second. <c>/dashboard/snapshot</c> lists both silos as
/// active and answering, counts each executor's requests from the silo it runs on (the per-silo metrics grain, placed
/// on its own silo), and shows a killed silo as not answering and then dead while the snapshot goes on being served.
/// Headless chromium sees both silos in the page.
/// </summary>
public sealed class DashboardClusterTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Chromium = "/usr/bin/chromium";
    private const int Requests = 12;
    private const int DocumentsPerRequest = 3;

    private const string Yaml = """
        jtype: Flow
        with:
          protocol: [grpc, http]
        executors:
          - name: executor0
            uses: FooExecutor
            replicas: 2
          - name: executor1
            uses: BarExecutor
        """;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Both_silos_answer_each_counts_its_own_executor_and_a_killed_silo_is_shown_as_such()
    {
        await using var cluster = await Cluster.StartAsync(redis);
        using var http = cluster.Http();

        // Both silos answer (the gateway's view of the membership may take a moment to list the second).
        using var before = await PollAsync(http, s => Answered(Silo(s, cluster.First)) && Answered(Silo(s, cluster.Second)), "both silos to answer");
        Assert.Equal(2, before.RootElement.GetProperty("silos").GetArrayLength());
        foreach (var silo in new[] { cluster.First, cluster.Second })
        {
            var view = Silo(before, silo);
            Assert.Equal("Active", view.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, view.GetProperty("error").ValueKind);
            Assert.True(view.GetProperty("activations").GetInt32() > 0);
            Assert.True(view.GetProperty("memoryBytes").GetInt64() > 0);
        }

        using (var client = cluster.Gateway.CreateClient())
        {
            var docs = await client.PostAsync("/", DocumentArray.Empty(Requests * DocumentsPerRequest), requestSize: DocumentsPerRequest);
            Assert.Equal(Requests * DocumentsPerRequest, docs.Count);
        }

        // Each executor counted from its own silo, and only there; the flow's calls to both from whichever silo ran it.
        using var after = await GetSnapshotAsync(http);
        Assert.Equal(Requests, Delta(before, after, s => Silo(s, cluster.First).GetProperty("executors"), "requests"));
        Assert.Equal(Requests, Delta(before, after, s => Silo(s, cluster.Second).GetProperty("executors"), "requests"));
        foreach (var executor in new[] { "executor0", "executor1" })
        {
            Assert.Equal(Requests, Delta(before, after, s => Executor(s, executor), "requests"));
            Assert.Equal(Requests * DocumentsPerRequest, Delta(before, after, s => Executor(s, executor), "documents"));
            Assert.Equal(Requests, Delta(before, after, s => Executor(s, executor).GetProperty("calls"), "requests"));
            Assert.Equal(0, Executor(after, executor).GetProperty("failed").GetInt64());
        }

        Assert.True(Delta(before, after, s => s.RootElement.GetProperty("gateway"), "requests") >= Requests);

        // The second silo dies without a word: the snapshot is still served, within the silo timeout, and says so.
        cluster.Second.Process.Signal(9);
        await cluster.Second.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        using (var killed = await GetSnapshotAsync(http))
        {
            var gone = Silo(killed, cluster.Second);
            Assert.False(Answered(gone), gone.ToString());
            Assert.False(string.IsNullOrEmpty(gone.GetProperty("error").GetString()), gone.ToString());
        }

        // Once membership has declared it dead it is listed as dead, not asked; the first silo answers throughout.
        using var dead = await PollAsync(http, s => Silo(s, cluster.Second).GetProperty("status").GetString() == "Dead" && Answered(Silo(s, cluster.First)), "the killed silo to be declared dead");
        var deadView = Silo(dead, cluster.Second);
        Assert.False(Answered(deadView));
        Assert.Equal("not asked: dead", deadView.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, deadView.GetProperty("activations").ValueKind);
        Assert.Equal(Requests, Delta(before, dead, s => Silo(s, cluster.First).GetProperty("executors"), "requests"));
        Assert.Equal(Requests, Delta(before, dead, s => Executor(s, "executor0"), "requests"));
    }

    [SkippableFact]
    public async Task The_page_lists_both_silos_as_active()
    {
        Skip.IfNot(File.Exists(Chromium), $"Debian's chromium is not installed ({Chromium}); scripts/test.sh installs it.");
        await using var cluster = await Cluster.StartAsync(redis);
        using var http = cluster.Http();
        using (await PollAsync(http, s => Answered(Silo(s, cluster.First)) && Answered(Silo(s, cluster.Second)), "both silos to answer"))
        {
        }

        using var playwright = await Playwright.CreateAsync();
        IBrowser browser;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        }
        catch (PlaywrightException ex)
        {
            throw new SkipException($"{Chromium} did not start under Playwright: {ex.Message.Split('\n')[0]}");
        }

        await using var _ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{cluster.HttpPort}/dashboard");
        await page.WaitForSelectorAsync("#connection[data-state='live']", new PageWaitForSelectorOptions { Timeout = 20_000 });
        using (var client = cluster.Gateway.CreateClient())
        {
            await client.PostAsync("/", DocumentArray.Empty(Requests * DocumentsPerRequest), requestSize: DocumentsPerRequest);
        }

        // Both silos in the table, active and answering; each executor's requests arrive from its own silo.
        await page.WaitForFunctionAsync("() => document.querySelectorAll(\"#silos tbody tr[data-status='Active'][data-answered='true']\").length === 2", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        foreach (var executor in new[] { "executor0", "executor1" })
        {
            var cell = $"#executors tr[data-executor='{executor}'] td.requests";
            await page.WaitForFunctionAsync("([sel, n]) => { const c = document.querySelector(sel); return c && parseInt(c.textContent.replace(/,/g, ''), 10) >= n; }", new object[] { cell, Requests }, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }

        var rows = await page.QuerySelectorAllAsync("#silos tbody tr");
        var listed = await Task.WhenAll(rows.Select(r => r.GetAttributeAsync("data-silo")));
        Assert.Equal(new[] { cluster.First.SiloAddress, cluster.Second.SiloAddress }.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    private static JsonElement Silo(JsonDocument snapshot, TestSilo silo) =>
        snapshot.RootElement.GetProperty("silos").EnumerateArray().SingleOrDefault(s => s.GetProperty("address").GetString() == silo.SiloAddress) is { ValueKind: JsonValueKind.Object } found
            ? found
            : throw new Xunit.Sdk.XunitException($"silo {silo.SiloAddress} is not in {snapshot.RootElement.GetProperty("silos")}");

    private static bool Answered(JsonElement silo) => silo.GetProperty("answered").GetBoolean();

    private static JsonElement Executor(JsonDocument snapshot, string name) =>
        snapshot.RootElement.GetProperty("executors").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    private static long Delta(JsonDocument before, JsonDocument after, Func<JsonDocument, JsonElement> pick, string field) =>
        pick(after).GetProperty(field).GetInt64() - pick(before).GetProperty(field).GetInt64();

    private static async Task<JsonDocument> GetSnapshotAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/dashboard/snapshot", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/dashboard/snapshot: {response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    /// <summary>Snapshots until <paramref name="done"/> holds (each one must be served), at most <see cref="Patience"/>.</summary>
    private static async Task<JsonDocument> PollAsync(HttpClient http, Func<JsonDocument, bool> done, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        string last = string.Empty;
        while (true)
        {
            var snapshot = await GetSnapshotAsync(http);
            try
            {
                if (done(snapshot))
                {
                    return snapshot;
                }
            }
            catch (Xunit.Sdk.XunitException)
            {
                // A silo not listed yet.
            }

            last = snapshot.RootElement.GetProperty("silos").ToString();
            snapshot.Dispose();
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds:0} s for {what}; the last snapshot's silos: {last}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
        }
    }

    /// <summary>The two silos (executor0 on the first, executor1 on the second) and the gateway, ended by their PIDs.</summary>
    private sealed class Cluster(TestSilo first, TestSilo second, TestGateway gateway, int httpPort) : IAsyncDisposable
    {
        public TestSilo First => first;

        public TestSilo Second => second;

        public TestGateway Gateway => gateway;

        public int HttpPort => httpPort;

        public static async Task<Cluster> StartAsync(RedisServer redis)
        {
            var context = redis.NewCluster();
            var flow = FlowFiles.Write(Yaml);
            var silos = await Task.WhenAll(
                TestSilo.StartAsync(context, flow, null, "--host-executors", "executor0"),
                TestSilo.StartAsync(context, flow, null, "--host-executors", "executor1"));
            try
            {
                var ports = FreePorts.Take(2);
                var gateway = await TestGateway.StartClusterAsync(context, flow, "--port", string.Join(',', ports.Select(p => p.ToString(CultureInfo.InvariantCulture))));
                return new Cluster(silos[0], silos[1], gateway, ports[1]);
            }
            catch
            {
                await silos[1].DisposeAsync();
                await silos[0].DisposeAsync();
                throw;
            }
        }

        public HttpClient Http() => new() { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(15) };

        public async ValueTask DisposeAsync()
        {
            await gateway.DisposeAsync();
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }
}
