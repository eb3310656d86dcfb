using System.Diagnostics;
using System.Globalization;
using JinaOrleans.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// An OpenTelemetry tracer provider for the <c>JinaOrleans</c> source with the in-memory exporter, recording every span
/// this process ends while it lives (in-process silos included). Spans end before their response is sent, so once a
/// call has been answered its spans are here. Other tests running meanwhile add theirs: read them by trace id.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly LockedSpans _spans = new();
    private readonly TracerProvider _provider;

    public SpanRecorder()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(JinaTracing.SourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_spans)
            .Build();
    }

    /// <summary>A fresh W3C context of a client's span: its <c>traceparent</c> text, trace id and span id.</summary>
    public static (string TraceParent, ActivityTraceId TraceId, ActivitySpanId SpanId) NewClientContext()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spanId = ActivitySpanId.CreateRandom();
        return (string.Create(CultureInfo.InvariantCulture, $"00-{traceId}-{spanId}-01"), traceId, spanId);
    }

    /// <summary>The spans ended so far in trace <paramref name="traceId"/>, in the order they started.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId)
    {
        lock (_spans.Gate)
        {
            return [.. _spans.Where(s => s.TraceId == traceId).OrderBy(s => s.StartTimeUtc)];
        }
    }

    public void Dispose() => _provider.Dispose();

    /// <summary>The exporter's list, added to under a lock the reader takes too (spans of other tests end meanwhile).</summary>
    private sealed class LockedSpans : System.Collections.ObjectModel.Collection<Activity>
    {
        public Lock Gate { get; } = new();

        protected override void InsertItem(int index, Activity item)
        {
            lock (Gate)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
