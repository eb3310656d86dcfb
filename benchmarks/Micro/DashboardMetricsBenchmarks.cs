using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using JinaOrleans.Diagnostics;
using JinaOrleans.Diagnostics.Dashboard;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>
/// What an open dashboard costs per request: the measurements of one gateway request that calls two executors (at
/// the gateway: in flight, success, latency; per call, at the flow: in flight and latency; at each executor: in flight,
/// success, documents, latency), recorded through the call sites' own helpers and checks, with nobody listening to the
/// <c>JinaOrleans</c> meter (what a flow costs until someone opens the dashboard), with a <see cref="MeterListener"/>
/// that enables the same instruments and does nothing (the floor of in-process listening), and with the dashboard's
/// <see cref="JinaMetricsAggregator"/> listening. One benchmark at a time owns the process-wide meter: each sets up
/// its own listener and disposes it after.
/// </summary>
[MemoryDiagnoser]
public class DashboardMetricsBenchmarks
{
    private const int Documents = 4;

    private static readonly string[] Listened =
    [
        JinaMetrics.ReceivingRequestSecondsName, JinaMetrics.SendingRequestSecondsName, JinaMetrics.FailedRequestsName,
        JinaMetrics.SuccessfulRequestsName, JinaMetrics.DocumentProcessedName, JinaMetrics.PendingRequestsName,
    ];

    private readonly DataRequestProto _request = RequestFactory.Create(Documents, dims: 8);
    private readonly ExecutorMetrics[] _executors =
    [
        new("encoder", "encoder/rep-0", new ExecutorReplicaInfo(0, 0, 1, 1), "127.0.0.1:11111@1"),
        new("ranker", "ranker/rep-0", new ExecutorReplicaInfo(0, 0, 1, 1), "127.0.0.1:11111@1"),
    ];

    private readonly JinaSeries _gateway = JinaSeries.Of(new TagList { { JinaMetrics.RuntimeNameTag, JinaMetrics.GatewayRuntimeName }, { JinaMetrics.ProtocolTag, "grpc" } }, countsInFlight: true);
    private readonly JinaSeries[] _calls =
    [
        JinaSeries.Of(new TagList { { JinaMetrics.RuntimeNameTag, JinaMetrics.GatewayRuntimeName }, { JinaMetrics.ExecutorTag, "encoder" }, { JinaMetrics.ExecutorEndpointTag, "/" } }, countsInFlight: true),
        JinaSeries.Of(new TagList { { JinaMetrics.RuntimeNameTag, JinaMetrics.GatewayRuntimeName }, { JinaMetrics.ExecutorTag, "ranker" }, { JinaMetrics.ExecutorEndpointTag, "/" } }, countsInFlight: true),
    ];
    private IDisposable? _listener;

    [GlobalSetup(Target = nameof(NoListener))]
    public void SetupNone() => _listener = null;

    [GlobalSetup(Target = nameof(EmptyListener))]
    public void SetupEmpty()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == JinaMetrics.MeterName && Listened.Contains(instrument.Name))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        listener.Start();
        _listener = listener;
    }

    [GlobalSetup(Target = nameof(Aggregator))]
    public void SetupAggregator() => _listener = new JinaMetricsAggregator(TimeProvider.System);

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        _listener = null;
    }

    /// <summary>Nobody listens: every call site finds its instruments disabled.</summary>
    [Benchmark(Baseline = true)]
    public void NoListener() => Request();

    /// <summary>A listener that enables the dashboard's instruments and ignores what they report.</summary>
    [Benchmark]
    public void EmptyListener() => Request();

    /// <summary>The dashboard's aggregator listens (what an open dashboard costs).</summary>
    [Benchmark]
    public void Aggregator() => Request();

    // One gateway request through two executors, measured as the gateway, FlowNode and ExecutorInstance measure it.
    private void Request()
    {
        var measured = ServedRequest.Measured;
        var gateway = measured ? ServedRequest.Start(_request, _gateway) : default;
        for (var i = 0; i < _executors.Length; i++)
        {
            Call(i);
        }

        if (measured)
        {
            gateway.Stop(_request, _gateway);
        }
    }

    private void Call(int executor)
    {
        // The flow's side (FlowNode): in flight and the call's latency.
        var flowMeasured = JinaMetrics.SendingRequestSeconds.Enabled || JinaMetrics.PendingRequests.Enabled;
        var call = _calls[executor];
        var pending = flowMeasured && JinaMetrics.PendingRequests.Enabled;
        if (pending)
        {
            call.Begin();
        }

        var sent = flowMeasured && JinaMetrics.SendingRequestSeconds.Enabled ? Stopwatch.GetTimestamp() : 0;

        // The executor's side (ExecutorInstance): in flight, success, documents, latency.
        var measured = ServedRequest.Measured || JinaMetrics.ProcessRequestSeconds.Enabled || JinaMetrics.DocumentProcessed.Enabled;
        var series = measured ? _executors[executor].For("/") : null;
        var served = measured ? ServedRequest.Start(_request, series!, inFlight: false) : default;
        if (series is not null)
        {
            if (JinaMetrics.DocumentProcessed.Enabled)
            {
                series.AddDocuments(Documents);
            }

            served.Stop(_request, series);
        }

        if (pending)
        {
            call.End();
        }

        if (sent != 0)
        {
            JinaMetrics.SendingRequestSeconds.Record(Stopwatch.GetElapsedTime(sent).TotalSeconds, call.Tags);
        }
    }
}
