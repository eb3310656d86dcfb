using System.Globalization;
using System.Text.Json;
using Xunit;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// A Prometheus scrape parsed by a real Prometheus parser: Debian's python3-prometheus-client
/// (<c>text_string_to_metric_families</c>, run by <c>Peers/prometheus_scrape.py</c>), one sample per line.
/// </summary>
internal sealed class PrometheusScrape
{
    private PrometheusScrape(IReadOnlyList<Sample> samples) => Samples = samples;

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Every family's name (<c>jina_successful_requests</c> for <c>jina_successful_requests_total</c>).</summary>
    public IEnumerable<string> Families => Samples.Select(s => s.Family).Distinct(StringComparer.Ordinal);

    /// <summary>Scrapes <paramref name="url"/>; fails with the parser's error when the text does not parse.</summary>
    public static async Task<PrometheusScrape> ScrapeAsync(string url)
    {
        var (code, lines, stderr) = await PythonPeer.RunAsync("prometheus_scrape.py", [url], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"prometheus_scrape.py {url} exited {code}: {stderr}");
        return new PrometheusScrape([.. lines.Select(Sample.Of)]);
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IReadOnlyList<Sample> Find(string name, params (string Key, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))];

    /// <summary>The one sample named <paramref name="name"/> with <paramref name="labels"/> (among others); fails when there is not exactly one.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var found = Find(name, labels);
        Assert.True(found.Count == 1, $"expected one {name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}}, found {found.Count}: {string.Join("; ", found)}");
        return found[0].Value;
    }

    /// <summary>The sum of every sample named <paramref name="name"/> with <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    /// <summary>
    /// Checks one histogram series (<paramref name="family"/> with <paramref name="labels"/>): buckets cumulative in
    /// <c>le</c> order, the <c>+Inf</c> bucket equal to <c>_count</c>; returns <c>_count</c>.
    /// </summary>
    public double CheckHistogram(string family, params (string Key, string Value)[] labels)
    {
        var count = Value(family + "_count", labels);
        var buckets = Find(family + "_bucket", labels)
            .Select(b => (Le: b.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(b.Labels["le"], CultureInfo.InvariantCulture), b.Value))
            .OrderBy(b => b.Le)
            .ToArray();
        Assert.True(buckets.Length > 2, $"{family}: expected buckets, found {buckets.Length}");
        Assert.Equal(double.PositiveInfinity, buckets[^1].Le);
        for (var i = 1; i < buckets.Length; i++)
        {
            Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"{family}: bucket le={buckets[i].Le} ({buckets[i].Value}) below le={buckets[i - 1].Le} ({buckets[i - 1].Value})");
        }

        Assert.Equal(count, buckets[^1].Value);
        return count;
    }

    /// <summary>One sample: its family, the family's type, its own name, labels and value.</summary>
    public sealed record Sample(string Family, string Type, string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public static Sample Of(JsonElement line) => new(
            line.GetProperty("family").GetString()!,
            line.GetProperty("type").GetString()!,
            line.GetProperty("name").GetString()!,
            line.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
            line.GetProperty("value") is { ValueKind: JsonValueKind.String } text && text.GetString() == "+Inf" ? double.PositiveInfinity : line.GetProperty("value").GetDouble());

        public override string ToString() => $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value}";
    }
}
