using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using JinaOrleans.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// <c>--tracing off | on | off,on</c>: whether the runs record the <c>JinaOrleans</c> spans, and with <c>off,on</c> every
/// target twice per round, untraced and traced, alternating which goes first, with on / off printed per target and
/// round (as <c>--docarray v1,v2</c> does). Traced = an OpenTelemetry tracer provider for the source in this process,
/// sampling every span (<see cref="AlwaysOnSampler"/>), through the batch processor an OTLP exporter uses, into an
/// exporter that drops them: what recording costs the process, without a collector's. It measures the embedded flow
/// (the processes of <c>--cluster</c> are not traced).
/// </summary>
internal sealed class TracingRounds
{
    private readonly string _mode;

    private TracingRounds(string mode)
    {
        _mode = mode;
    }

    /// <summary>The command-line option.</summary>
    public static Option<string> CreateOption()
    {
        var option = new Option<string>("--tracing")
        {
            Description = "off (default) | on: record every JinaOrleans span (OpenTelemetry, always-on sampler, spans dropped by the exporter) | "
                + "off,on: every target untraced and traced, alternating, with on / off printed per target and round.",
            DefaultValueFactory = _ => "off",
        };
        option.AcceptOnlyFromAmong("off", "on", "off,on");
        return option;
    }

    public static TracingRounds From(string? mode) => new(mode ?? "off");

    /// <summary>Whether every target runs twice per round (<c>off,on</c>).</summary>
    public bool Both => _mode == "off,on";

    /// <summary>With <c>off,on</c>: each target as a pair, tracing off then on.</summary>
    public List<(string Name, string Address)> Expand(List<(string Name, string Address)> targets) =>
        Both ? [.. targets.SelectMany(t => new[] { ($"{t.Name} tracing off", t.Address), ($"{t.Name} tracing on", t.Address) })] : targets;

    /// <summary>The tracer provider for the run of target <paramref name="index"/> (of the expanded list), or null when untraced.</summary>
    public TracerProvider? Begin(int index) =>
        _mode == "on" || (Both && index % 2 == 1)
            ? Sdk.CreateTracerProviderBuilder()
                .AddSource(JinaTracing.SourceName)
                .SetSampler(new AlwaysOnSampler())
                .AddProcessor(new BatchActivityExportProcessor(new DroppingExporter()))
                .Build()
            : null;

    /// <summary>With <c>off,on</c>: req/s traced / untraced, per target and round, and the median.</summary>
    public void PrintRatios(IReadOnlyList<LoadResult> results, IReadOnlyList<(string Name, string Address)> targets)
    {
        if (!Both)
        {
            return;
        }

        var perRoundResults = results.Chunk(targets.Count).ToArray();
        for (var t = 0; t < targets.Count; t += 2)
        {
            var perRound = perRoundResults.Select(round => round[t + 1].RequestsPerSecond / round[t].RequestsPerSecond).ToArray();
            var sorted = perRound.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {targets[t + 1].Name} / tracing off: median {sorted[sorted.Length / 2]:0.000} (rounds: {string.Join(", ", perRound.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))})"));
        }
    }

    /// <summary>Takes every span and keeps none.</summary>
    private sealed class DroppingExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }
}
