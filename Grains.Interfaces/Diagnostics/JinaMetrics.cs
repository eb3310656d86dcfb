using System.Diagnostics.Metrics;

namespace JinaOrleans.Diagnostics;

/// <summary>
/// The <c>JinaOrleans</c> meter and its instruments, named as Jina names its Prometheus series, so dashboards built
/// for Jina read these. Recorded by the gateway (per client request, tagged <see cref="RuntimeNameTag"/> =
/// <c>gateway</c> and <see cref="ProtocolTag"/>), by the flow for each call to an executor (tagged
/// <see cref="RuntimeNameTag"/> = <c>gateway</c>, <see cref="ExecutorTag"/>, <see cref="ExecutorEndpointTag"/>), by each
/// executor instance per call (tagged <see cref="ExecutorTag"/>, <see cref="ExecutorEndpointTag"/>,
/// <see cref="RuntimeNameTag"/> = <c>{executor}/rep-{r}</c> or <c>{executor}/shard-{s}/rep-{r}</c>, <see cref="ShardTag"/>,
/// <see cref="ReplicaTag"/>, <see cref="SiloTag"/>) and by a silo's Jina worker port per call (tagged
/// <see cref="RuntimeNameTag"/> = <c>worker</c>, <see cref="ExecutorTag"/>, <see cref="ExecutorEndpointTag"/>,
/// <see cref="SiloTag"/>). Read them with a <see cref="MeterListener"/> or export them with OpenTelemetry; nothing is
/// measured while nobody listens (every call site checks <see cref="Instrument.Enabled"/> first). The histograms are
/// recorded per request; the counters and the in-flight gauge are observable, read at collection from each series'
/// counts (<see cref="JinaSeries"/>), which a request bumps with an interlocked add: an exporter's look-up of a
/// measurement's tags costs far more than the add, and these are most of a request's measurements.
/// </summary>
public static class JinaMetrics
{
    /// <summary>The meter's name, <c>JinaOrleans</c>.</summary>
    public const string MeterName = "JinaOrleans";

    /// <summary>Request received → response sent: at the gateway per client request, at an executor per call (seconds).</summary>
    public const string ReceivingRequestSecondsName = "jina_receiving_request_seconds";

    /// <summary>A flow's call to an executor, measured at the caller (seconds).</summary>
    public const string SendingRequestSecondsName = "jina_sending_request_seconds";

    /// <summary>Time in the executor's endpoint method (seconds).</summary>
    public const string ProcessRequestSecondsName = "jina_process_request_seconds";

    /// <summary>Documents an executor processed.</summary>
    public const string DocumentProcessedName = "jina_document_processed";

    /// <summary>Requests answered without an error.</summary>
    public const string SuccessfulRequestsName = "jina_successful_requests";

    /// <summary>Requests answered with an error (in <c>header.status</c> or as a transport failure).</summary>
    public const string FailedRequestsName = "jina_failed_requests";

    /// <summary>
    /// Requests received and not answered yet (in flight): at the gateway, at a worker port, and per executor deployment
    /// on the flow's calls to it (<c>runtime_name="gateway"</c>, <c>executor</c>, <c>executor_endpoint</c>: queued and
    /// running); an executor instance, which serves one request at a time, does not count its own.
    /// </summary>
    public const string PendingRequestsName = "jina_number_of_pending_requests";

    /// <summary>The size of a request received (bytes, as protobuf).</summary>
    public const string ReceivedRequestBytesName = "jina_received_request_bytes";

    /// <summary>The size of a response sent (bytes, as protobuf).</summary>
    public const string SentResponseBytesName = "jina_sent_response_bytes";

    /// <summary>The size of a request a flow sent to an executor (bytes, as protobuf).</summary>
    public const string SentRequestBytesName = "jina_sent_request_bytes";

    /// <summary>The size of the response a flow received from an executor (bytes, as protobuf).</summary>
    public const string ReceivedResponseBytesName = "jina_received_response_bytes";

    /// <summary>Tag: the runtime, <c>gateway</c>, <c>worker</c>, or an executor instance's Jina runtime name.</summary>
    public const string RuntimeNameTag = "runtime_name";

    /// <summary>Tag at the gateway: <c>grpc</c>, <c>http</c> or <c>websocket</c>.</summary>
    public const string ProtocolTag = "protocol";

    /// <summary>Tag: the executor deployment's name.</summary>
    public const string ExecutorTag = "executor";

    /// <summary>Tag: the endpoint called, as requested (<c>/search</c>, <c>/default</c>).</summary>
    public const string ExecutorEndpointTag = "executor_endpoint";

    /// <summary>Tag at an executor instance: its shard number.</summary>
    public const string ShardTag = "shard";

    /// <summary>Tag at an executor instance: its replica number.</summary>
    public const string ReplicaTag = "replica";

    /// <summary>Tag at an executor instance or worker port: the Orleans silo address it runs on (<c>127.0.0.1:11111@…</c>).</summary>
    public const string SiloTag = "silo";

    /// <summary>The <see cref="RuntimeNameTag"/> of the gateway and of a flow's calls to its executors.</summary>
    public const string GatewayRuntimeName = "gateway";

    /// <summary>The <see cref="RuntimeNameTag"/> of a silo's Jina worker port.</summary>
    public const string WorkerRuntimeName = "worker";

    // OpenTelemetry's default buckets are for milliseconds; these span 0.5 ms to 10 s, and 64 B to 64 MiB.
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly long[] BytesBuckets =
        [64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>The <c>JinaOrleans</c> meter.</summary>
    public static Meter Meter { get; } = new(MeterName);

    /// <summary><c>jina_receiving_request_seconds</c>: request received → response sent.</summary>
    public static Histogram<double> ReceivingRequestSeconds { get; } = Seconds(ReceivingRequestSecondsName, "Time from receiving a request to sending its response.");

    /// <summary><c>jina_sending_request_seconds</c>: a flow's call to an executor, at the caller.</summary>
    public static Histogram<double> SendingRequestSeconds { get; } = Seconds(SendingRequestSecondsName, "Time a flow's call to an executor took, measured at the caller.");

    /// <summary><c>jina_process_request_seconds</c>: time in the executor's endpoint method.</summary>
    public static Histogram<double> ProcessRequestSeconds { get; } = Seconds(ProcessRequestSecondsName, "Time spent in the executor's endpoint method.");

    /// <summary><c>jina_document_processed</c>: documents an executor processed.</summary>
    public static ObservableCounter<long> DocumentProcessed { get; } = Meter.CreateObservableCounter(DocumentProcessedName, JinaSeries.ObserveDocuments, description: "Documents processed by an executor.");

    /// <summary><c>jina_successful_requests</c>: requests answered without an error.</summary>
    public static ObservableCounter<long> SuccessfulRequests { get; } = Meter.CreateObservableCounter(SuccessfulRequestsName, JinaSeries.ObserveSucceeded, description: "Requests answered without an error.");

    /// <summary><c>jina_failed_requests</c>: requests answered with an error.</summary>
    public static ObservableCounter<long> FailedRequests { get; } = Meter.CreateObservableCounter(FailedRequestsName, JinaSeries.ObserveFailed, description: "Requests answered with an error.");

    /// <summary><c>jina_number_of_pending_requests</c>: requests in flight.</summary>
    public static ObservableUpDownCounter<long> PendingRequests { get; } = Meter.CreateObservableUpDownCounter(PendingRequestsName, JinaSeries.ObserveInFlight, description: "Requests received and not answered yet.");

    /// <summary><c>jina_received_request_bytes</c>: the size of each request received.</summary>
    public static Histogram<long> ReceivedRequestBytes { get; } = Bytes(ReceivedRequestBytesName, "Size of a request received.");

    /// <summary><c>jina_sent_response_bytes</c>: the size of each response sent.</summary>
    public static Histogram<long> SentResponseBytes { get; } = Bytes(SentResponseBytesName, "Size of a response sent.");

    /// <summary><c>jina_sent_request_bytes</c>: the size of each request a flow sent to an executor.</summary>
    public static Histogram<long> SentRequestBytes { get; } = Bytes(SentRequestBytesName, "Size of a request a flow sent to an executor.");

    /// <summary><c>jina_received_response_bytes</c>: the size of each response a flow received from an executor.</summary>
    public static Histogram<long> ReceivedResponseBytes { get; } = Bytes(ReceivedResponseBytesName, "Size of a response a flow received from an executor.");

    private static Histogram<double> Seconds(string name, string description) =>
        Meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static Histogram<long> Bytes(string name, string description) =>
        Meter.CreateHistogram(name, "By", description, tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = BytesBuckets });
}
