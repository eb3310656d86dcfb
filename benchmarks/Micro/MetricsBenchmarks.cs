using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Diagnostics;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Protos.Jina;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>
/// What recording <see cref="JinaMetrics"/> costs per hop, with nobody listening and with OpenTelemetry's Prometheus
/// exporter listening: an executor instance's call (six tags: sizes, process time, documents, success, receiving
/// time), a gateway request (two tags), and the message size alone (<c>CalculateSize</c>) of a one-document
/// request as the seed flow's second executor sees it.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private readonly ExecutorMetrics _executor = new("executor1", "executor1/rep-0", new ExecutorReplicaInfo(0, 0, 2, 1), "127.0.0.1:11111@155200243");
    private readonly JinaSeries _gateway = JinaSeries.Of(new TagList { { JinaMetrics.RuntimeNameTag, JinaMetrics.GatewayRuntimeName }, { JinaMetrics.ProtocolTag, "grpc" } }, countsInFlight: true);
    private DataRequestProto _request = null!;
    private MeterProvider? _provider;

    /// <summary>Whether OpenTelemetry (the Prometheus exporter) listens to the meter.</summary>
    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _request = RequestFactory.Create(1, dims: 0);
        for (var i = 0; i < 3; i++)
        {
            _request.Routes.Add(new RouteProto { Executor = i == 0 ? "gateway" : $"executor{i - 1}", StartTime = Timestamp.FromDateTime(DateTime.UnixEpoch) });
        }

        _provider = Listening ? Sdk.CreateMeterProviderBuilder().AddMeter(JinaMetrics.MeterName).AddPrometheusExporter().Build() : null;
    }

    [GlobalCleanup]
    public void Cleanup() => _provider?.Dispose();

    [Benchmark]
    public void ExecutorCall()
    {
        var measured = ServedRequest.Measured || JinaMetrics.ProcessRequestSeconds.Enabled || JinaMetrics.DocumentProcessed.Enabled;
        var series = measured ? _executor.For("/") : null;
        var served = measured ? ServedRequest.Start(_request, series!, inFlight: false) : default;
        var processing = JinaMetrics.ProcessRequestSeconds.Enabled ? Stopwatch.GetTimestamp() : 0;
        if (processing != 0 && series is not null)
        {
            JinaMetrics.ProcessRequestSeconds.Record(Stopwatch.GetElapsedTime(processing).TotalSeconds, series.Tags);
        }

        if (series is not null)
        {
            if (JinaMetrics.DocumentProcessed.Enabled)
            {
                series.AddDocuments(1);
            }

            served.Stop(_request, series);
        }
    }

    [Benchmark]
    public void GatewayRequest()
    {
        if (ServedRequest.Measured)
        {
            var served = ServedRequest.Start(_request, _gateway);
            served.Stop(_request, _gateway);
        }
    }

    [Benchmark]
    public int CalculateSize() => _request.CalculateSize();
}
