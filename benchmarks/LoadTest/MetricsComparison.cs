using System.Globalization;
using JinaOrleans.Definitions;
using JinaOrleans.Samples.Hello;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// <c>--metrics off,on</c>: the embedded seed flow with monitoring off and on (the Prometheus exporter listening to
/// every meter, <c>/metrics</c> scraped every second), alternately in every round of one run, and on / off per round.
/// Each measurement gets a flow of its own, started for it and stopped after it: the <c>JinaOrleans</c> meter is the
/// process's, so a monitored flow alive beside an unmonitored one would make the unmonitored one record too.
/// </summary>
internal static class MetricsComparison
{
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(1);

    public static async Task<List<LoadResult>> RunAsync(LoadOptions template, int rounds, IReadOnlyList<bool> settings, LoadProgress progress, CancellationToken cancellationToken)
    {
        // The process's first flow meets a cold JIT and thread pool: one unmeasured run settles them for both settings.
        var settling = await MeasureAsync(template with { Requests = Math.Max(template.Warmup, 1) }, monitoring: false, "settling run", progress, cancellationToken).ConfigureAwait(false);
        progress.Line($"settling run (not counted): {settling.RequestsPerSecond:0} req/s");
        var results = new List<LoadResult>();
        var perRound = new List<(double Off, double On)>();
        for (var round = 1; round <= rounds; round++)
        {
            // Both: off first in odd rounds, on first in even ones, so neither always meets the colder machine.
            var order = settings.Count == 2 && round % 2 == 0 ? settings.Reverse().ToArray() : [.. settings];
            var measured = new Dictionary<bool, LoadResult>();
            foreach (var monitoring in order)
            {
                measured[monitoring] = await MeasureAsync(template, monitoring, $"round {round}: metrics {(monitoring ? "on" : "off")}", progress, cancellationToken).ConfigureAwait(false);
                progress.Line($"round {round}: metrics {(monitoring ? "on" : "off")}: {measured[monitoring].RequestsPerSecond:0} req/s");
            }

            results.AddRange(settings.Select(s => measured[s]));
            if (measured.TryGetValue(false, out var off) && measured.TryGetValue(true, out var on))
            {
                perRound.Add((off.RequestsPerSecond, on.RequestsPerSecond));
            }
        }

        if (perRound.Count > 0)
        {
            var ratios = perRound.Select(r => r.On / r.Off).ToArray();
            var sorted = ratios.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio metrics on / off ({template.Mode}): median {sorted[sorted.Length / 2]:0.000} (rounds: {string.Join(", ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))})"));
        }

        return results;
    }

    private static async Task<LoadResult> MeasureAsync(LoadOptions template, bool monitoring, string label, LoadProgress progress, CancellationToken cancellationToken)
    {
        var definition = new FlowDefinition
        {
            Gateway = new GatewayDefinition
            {
                Host = "127.0.0.1",
                Protocols = [GatewayProtocol.Grpc],
                Ports = [0],
                Monitoring = monitoring ? new MonitoringSettings { Monitoring = true } : MonitoringSettings.Off,
            },
        };
        await using var flow = new Flow(definition).Add<FooExecutor>(replicas: 3).Add<BarExecutor>(replicas: 2);
        await flow.StartAsync(cancellationToken).ConfigureAwait(false);
        using var scraping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scraper = flow.MonitoringPort is { } port ? ScrapeAsync(port, scraping.Token) : Task.FromResult(0);
        LoadResult result;
        try
        {
            result = await LoadRunner.RunAsync($"seed flow (embedded), metrics {(monitoring ? "on" : "off")}", label, template with { Target = $"grpc://127.0.0.1:{flow.Port}" }, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await scraping.CancelAsync().ConfigureAwait(false);
        }

        var scrapes = await scraper.ConfigureAwait(false);
        if (monitoring)
        {
            progress.Line($"metrics on: {scrapes} scrapes of /metrics during the round");
        }

        return result;
    }

    /// <summary>Scrapes <c>/metrics</c> every second as Prometheus would (more often than its default); returns how many answered.</summary>
    private static async Task<int> ScrapeAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var uri = new Uri($"http://127.0.0.1:{port}/metrics");
        var scrapes = 0;
        using var timer = new PeriodicTimer(ScrapeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
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
}
