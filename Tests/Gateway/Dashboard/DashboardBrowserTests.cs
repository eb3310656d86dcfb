using System.Globalization;
using JinaOrleans.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Dashboard;

/// <summary>
/// The dashboard in a real browser: Debian's headless chromium driven by Playwright (<c>ExecutablePath</c>, no browser
/// download) opens <c>/dashboard</c> of an embedded flow while the test sends requests, and sees an executor's request
/// count and rate change in the page and the silo listed as active. Skipped, with the reason, where chromium cannot
/// start. Set <c>JINA_DASHBOARD_SCREENSHOT</c> to a path to keep the screenshot (docs/dashboard.png is taken so).
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private const string Yaml = """
        jtype: Flow
        with:
          protocol: [grpc, http]
          port: [1, 2]
        executors:
          - name: encoder
            uses: FooExecutor
            replicas: 2
          - name: ranker
            uses: BarExecutor
        """;

    [SkippableFact]
    public async Task The_page_under_load_shows_the_numbers_change_and_the_active_silo()
    {
        Skip.IfNot(File.Exists(Chromium), $"Debian's chromium is not installed ({Chromium}); scripts/test.sh installs it.");
        await using var flow = await EmbeddedFlowHost.Create(Yaml).StartAsync();
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
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var load = SendLoadAsync(flow.Ports[0], stop.Token);
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
            await page.GotoAsync($"http://127.0.0.1:{flow.Ports[1]}/dashboard");
            await page.WaitForSelectorAsync("#connection[data-state='live']", new PageWaitForSelectorOptions { Timeout = 20_000 });

            const string requests = "#executors tr[data-executor='encoder'] td.requests";
            const string rate = "#executors tr[data-executor='encoder'] td.rps";
            await page.WaitForFunctionAsync("sel => { const c = document.querySelector(sel); return c && c.textContent !== '0' && c.textContent !== '–'; }", requests, new PageWaitForFunctionOptions { Timeout = 20_000 });
            var before = Count(await page.TextContentAsync(requests));
            await page.WaitForFunctionAsync("([sel, was]) => document.querySelector(sel).textContent !== was", new[] { requests, await page.TextContentAsync(requests) }, new PageWaitForFunctionOptions { Timeout = 20_000 });
            var after = Count(await page.TextContentAsync(requests));
            Assert.True(after > before, $"encoder's requests went from {before} to {after}");

            // The rate covers whole seconds, so it shows once a second has passed under load.
            await page.WaitForFunctionAsync("sel => parseFloat(document.querySelector(sel).textContent.replace(/,/g, '')) > 0", rate, new PageWaitForFunctionOptions { Timeout = 20_000 });
            await page.WaitForFunctionAsync("() => document.querySelector('#gateway [data-field=requestsPerSecond]').textContent !== '0.0'", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
            var silos = await page.QuerySelectorAllAsync("#silos tbody tr");
            var silo = Assert.Single(silos);
            Assert.Equal("Active", await silo.GetAttributeAsync("data-status"));
            Assert.Equal("true", await silo.GetAttributeAsync("data-answered"));
            var figures = await page.TextContentAsync("#topology g[data-node='executor'][data-name='encoder'] text.stat");
            Assert.Contains("req/s", figures, StringComparison.Ordinal);

            var screenshot = Environment.GetEnvironmentVariable("JINA_DASHBOARD_SCREENSHOT") is { Length: > 0 } keep ? Path.GetFullPath(keep) : Path.Combine(Path.GetTempPath(), $"dashboard-{Environment.ProcessId}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            Assert.True(new FileInfo(screenshot).Length > 10_000, $"the screenshot {screenshot} is nearly empty");
        }
        finally
        {
            await stop.CancelAsync();
            var sent = await load;
            Assert.True(sent > 0, "no request was sent");
        }
    }

    private static long Count(string? text) => long.Parse(text!.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);

    /// <summary>Requests from four callers until <paramref name="cancellationToken"/> (bounded: at most 50,000); returns how many were answered.</summary>
    private static async Task<int> SendLoadAsync(int port, CancellationToken cancellationToken)
    {
        var sent = 0;
        using var client = new JinaOrleans.Client.Client(host: "127.0.0.1", port: port);
        async Task CallerAsync()
        {
            while (!cancellationToken.IsCancellationRequested && Volatile.Read(ref sent) < 50_000)
            {
                try
                {
                    await client.PostAsync("/", DocumentArray.Empty(2), cancellationToken: cancellationToken);
                    Interlocked.Increment(ref sent);
                    await Task.Delay(5, cancellationToken);
                }
                catch (Exception) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(CallerAsync, CancellationToken.None)));
        return sent;
    }
}
