using System.Globalization;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// <c>--metrics off,on</c>: the seed flow with monitoring off and on (the Prometheus exporter listening to every meter,
/// <c>/metrics</c> scraped every second), each served by a process of its own (<c>Silo --gateway</c>, the seed flow
/// file, <c>monitoring: true</c> in the second), measured in slices taken in turn (<see cref="SlicedRounds"/>) and
/// compared on / off per round. Two processes, because the <c>JinaOrleans</c> meter is a process's: a monitored flow
/// beside an unmonitored one in one process would make both record. Before the rounds the monitored server is scraped
/// every few milliseconds while both warm up: a server scraped for hours runs its scrape path (collection, the
/// Prometheus serializer, the monitoring listener) at the JIT's last tier, which one scrape a second takes minutes to
/// reach; without this the monitored rounds would pay the runtime's tier-up compiles of that path (a tenth of the CPU
/// in the first minute, seen with perf) and report a cost a long-running server does not have.
/// </summary>
internal static class MetricsComparison
{
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan WarmingScrapeInterval = TimeSpan.FromMilliseconds(10);

    public static async Task<List<LoadResult>> RunAsync(LoadOptions template, int rounds, int slices, IReadOnlyList<bool> settings, LoadProgress progress, CancellationToken cancellationToken)
    {
        var servers = new List<ClusterProcesses>();
        var folder = Directory.CreateTempSubdirectory("jina-loadtest-metrics-");
        using var scraping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scraper = Task.FromResult(0);
        var interval = new ScrapeClock(WarmingScrapeInterval);
        try
        {
            var targets = new List<SlicedRounds.Target>();
            foreach (var monitoring in settings)
            {
                var monitoringPort = monitoring ? ClusterProcesses.FreePort() : (int?)null;
                var server = await ClusterProcesses.StartEmbeddedAsync(folder.FullName, monitoringPort, cancellationToken).ConfigureAwait(false);
                servers.Add(server);
                targets.Add(new SlicedRounds.Target($"seed flow (Silo --gateway), metrics {(monitoring ? "on" : "off")}", template with { Target = $"grpc://127.0.0.1:{server.GatewayPort}" }));
                if (monitoringPort is { } port)
                {
                    scraper = ScrapeAsync(port, interval, scraping.Token);
                }
            }

            var results = await SlicedRounds.RunAsync(targets, rounds, slices, progress, () => interval.Period = ScrapeInterval, cancellationToken).ConfigureAwait(false);
            await scraping.CancelAsync().ConfigureAwait(false);
            var scrapes = await scraper.ConfigureAwait(false);
            if (settings.Contains(true))
            {
                progress.Line($"metrics on: {scrapes} scrapes of /metrics answered with the Jina series");
            }

            if (settings.Count == 2)
            {
                var on = settings[0] ? 0 : 1;
                var ratios = results.Chunk(2).Select(round => round[on].RequestsPerSecond / round[1 - on].RequestsPerSecond).ToArray();
                var sorted = ratios.Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio metrics on / off ({template.Mode}, {slices} slices per round): median {sorted[sorted.Length / 2]:0.000} (rounds: {string.Join(", ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))})"));
            }

            return results;
        }
        finally
        {
            await scraping.CancelAsync().ConfigureAwait(false);
            foreach (var server in servers)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            folder.Delete(recursive: true);
        }
    }

    /// <summary>Scrapes <c>/metrics</c> every <see cref="ScrapeClock.Period"/>; returns how many scrapes held the Jina series.</summary>
    private static async Task<int> ScrapeAsync(int port, ScrapeClock clock, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var uri = new Uri($"http://127.0.0.1:{port}/metrics");
        var scrapes = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(clock.Period, cancellationToken).ConfigureAwait(false);
                var text = await http.GetStringAsync(uri, cancellationToken).ConfigureAwait(false);
                if (text.Contains("jina_receiving_request_seconds", StringComparison.Ordinal))
                {
                    scrapes++;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return scrapes;
    }

    /// <summary>The scrape period, shortened while the servers warm up.</summary>
    private sealed class ScrapeClock(TimeSpan period)
    {
        private long _ticks = period.Ticks;

        public TimeSpan Period
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
            set => Interlocked.Exchange(ref _ticks, value.Ticks);
        }
    }
}
