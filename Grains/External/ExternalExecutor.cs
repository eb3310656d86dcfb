using System.Collections.Immutable;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Diagnostics;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Wire;

namespace JinaOrleans.Grains.External;

/// <summary>
/// An executor that runs elsewhere and speaks Jina's worker protocol (a Jina executor, or another silo's
/// worker port): <c>process_single_data</c> to one of its replicas in turn, <c>endpoint_discovery</c> for its
/// endpoints, through grpc-dotnet, one channel per replica; the data calls with <see cref="JinaMethods"/> in the
/// flavour the executor speaks (<see cref="ExecutorDefinition.DocArray"/>: requests of the other flavour are
/// converted for it and its answers back, the one place a flow mixes flavours). A replica that cannot be reached is
/// skipped for the next one, up to the executor's retries; when none answers the call fails with
/// <see cref="ExecutorCallException"/> (UNAVAILABLE). The client's deadline (<see cref="FlowCallContext.Deadline"/>)
/// goes with every call, compressed as the executor's <c>compression</c> says. Traced, each data call is an executor
/// span (client kind) whose context the executor receives as <c>traceparent</c> metadata.
/// </summary>
internal sealed class ExternalExecutor : IDisposable
{
    private readonly ExecutorDefinition _definition;
    private readonly Remote[] _remotes;
    private readonly Metadata? _metadata;
    private int _next = -1;

    public ExternalExecutor(ExecutorDefinition definition, GrpcChannelOptions? channelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.ExternalAddresses.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"External executor '{definition.Name}' has no address.", nameof(definition));
        }

        _definition = definition;
        _remotes = [.. definition.ExternalAddresses.Select(a => new Remote(GrpcChannel.ForAddress($"{(definition.Tls ? "https" : "http")}://{a}", channelOptions ?? DefaultOptions())))];
        if (definition.GrpcMetadata.Count > 0 || definition.Compression != GrpcCompression.None)
        {
            _metadata = [];
            foreach (var (key, value) in definition.GrpcMetadata)
            {
                _metadata.Add(key, value);
            }

            // compression: grpc-dotnet compresses the request messages of a call carrying this header with the named
            // provider (registered in DefaultOptions), and sends grpc-encoding as a Jina head does.
            if (definition.Compression != GrpcCompression.None)
            {
                _metadata.Add(RequestEncodingHeader, definition.Compression == GrpcCompression.Gzip ? "gzip" : "deflate");
            }
        }
    }

    // Grpc.Net.Client's call header naming the encoding of the request messages.
    private const string RequestEncodingHeader = "grpc-internal-encoding-request";

    private const string SpanName = "jina.executor";

    public ValueTask<DataRequestProto> ProcessAsync(DataRequestProto request, CancellationToken cancellationToken) =>
        JinaTracing.Source.HasListeners()
            ? TracedAsync(request, "process_single_data", static (self, r, ct) => self.ProcessCoreAsync(r, ct), this, cancellationToken)
            : ProcessCoreAsync(request, cancellationToken);

    public ValueTask<DataRequestProto> ProcessPartsAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken) =>
        JinaTracing.Source.HasListeners() && parts is [var first, ..]
            ? TracedAsync(first, "process_data", static (state, _, ct) => state.Self.ProcessPartsCoreAsync(state.Parts, ct), (Self: this, Parts: parts), cancellationToken)
            : ProcessPartsCoreAsync(parts, cancellationToken);

    private async ValueTask<DataRequestProto> ProcessCoreAsync(DataRequestProto request, CancellationToken cancellationToken)
    {
        var flavour = RequestDocuments.FlavourOf(request);
        var sent = DocArrayConversion.ToFlavour(request, _definition.DocArray);
        // Answers are read in the flavour sent; a request without documents may get either back.
        var methods = JinaMethods.For(_definition.DocArray != DocArrayFlavour.Auto ? _definition.DocArray : RequestDocuments.Count(sent) > 0 ? flavour : DocArrayFlavour.Auto);
        var response = await CallAsync(remote => remote.Invoker.AsyncUnaryCall(methods.ProcessSingleData, null, Options(cancellationToken), sent).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return DocArrayConversion.ToFlavour(response, flavour);
    }

    private async ValueTask<DataRequestProto> ProcessPartsCoreAsync(IReadOnlyList<DataRequestProto> parts, CancellationToken cancellationToken)
    {
        var flavour = parts.Count > 0 ? RequestDocuments.FlavourOf(parts[0]) : DocArrayFlavour.V1;
        var list = new DataRequestListProto();
        foreach (var part in parts)
        {
            list.Requests.Add(DocArrayConversion.ToFlavour(part, _definition.DocArray == DocArrayFlavour.Auto ? flavour : _definition.DocArray));
        }

        var methods = JinaMethods.For(_definition.DocArray == DocArrayFlavour.Auto ? flavour : _definition.DocArray);
        var response = await CallAsync(remote => remote.Invoker.AsyncUnaryCall(methods.ProcessData, null, Options(cancellationToken), list).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return DocArrayConversion.ToFlavour(response, flavour);
    }

    /// <summary>
    /// The remote executor's <c>stream_doc</c> (Jina 3.x serves it for generator endpoints), in the flavour it speaks;
    /// its items come back in the flavour of <paramref name="request"/>. Streams take the executor's addresses in turn;
    /// a failure (an unreachable remote included) ends the stream with the remote's status.
    /// </summary>
    public async IAsyncEnumerable<SingleDocumentRequestProto> StreamAsync(SingleDocumentRequestProto request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var flavour = StreamItems.FlavourOf(request);
        var served = _definition.DocArray == DocArrayFlavour.Auto ? flavour : _definition.DocArray;
        var sent = served == flavour ? request : ConvertItem(request, served);
        var methods = JinaMethods.For(served);
        var remote = _remotes[(int)((uint)Interlocked.Increment(ref _next) % (uint)_remotes.Length)];
        using var call = remote.Invoker.AsyncServerStreamingCall(methods.StreamDoc, null, Options(cancellationToken), sent);
        while (true)
        {
            SingleDocumentRequestProto item;
            try
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                item = call.ResponseStream.Current;
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ExecutorCallException(
                    ex.StatusCode == StatusCode.DeadlineExceeded ? ExecutorCallFailure.DeadlineExceeded : ex.StatusCode == StatusCode.Unavailable ? ExecutorCallFailure.Unavailable : ExecutorCallFailure.Internal,
                    $"External executor '{_definition.Name}' (stream_doc): {ex.Status.Detail}",
                    ex);
            }

            yield return served == flavour ? item : ConvertItem(item, flavour);
        }
    }

    public async ValueTask<ExecutorDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        var endpoints = await CallAsync(remote => remote.Discovery.endpoint_discoveryAsync(new Empty(), Options(cancellationToken)).ResponseAsync, cancellationToken).ConfigureAwait(false);
        return new ExecutorDescription(endpoints, ImmutableDictionary<string, Definitions.DynamicBatchingOptions>.Empty);
    }

    public void Dispose()
    {
        foreach (var remote in _remotes)
        {
            remote.Channel.Dispose();
        }
    }

    // Jina sends messages of any size; keep-alive pings notice a remote that went away without closing; gzip and deflate
    // (Jina's compression choices; grpc-dotnet has only gzip by default).
    private static GrpcChannelOptions DefaultOptions() => new()
    {
        MaxReceiveMessageSize = null,
        MaxSendMessageSize = null,
        CompressionProviders = [new global::Grpc.Net.Compression.GzipCompressionProvider(System.IO.Compression.CompressionLevel.Fastest), new global::Grpc.Net.Compression.DeflateCompressionProvider(System.IO.Compression.CompressionLevel.Fastest)],
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        },
        DisposeHttpClient = true,
    };

    /// <summary>
    /// The call's metadata, deadline and token. Traced, the metadata also carries the current span's context (the
    /// executor span) as <c>traceparent</c>/<c>tracestate</c>, or the caller's when this silo records no span; grpc-dotnet's
    /// HttpClient does not replace headers already set, so that is what the executor receives.
    /// </summary>
    private CallOptions Options(CancellationToken cancellationToken)
    {
        var trace = Activity.Current is { } current ? TraceParent.Of(current) : FlowCallContext.Trace;
        if (trace.IsEmpty)
        {
            return new(_metadata, FlowCallContext.Deadline?.UtcDateTime, cancellationToken);
        }

        var metadata = new Metadata();
        foreach (var entry in _metadata ?? [])
        {
            metadata.Add(entry);
        }

        metadata.Add(TraceParentHeader, trace.Id!);
        if (!string.IsNullOrEmpty(trace.State))
        {
            metadata.Add(TraceStateHeader, trace.State);
        }

        return new(metadata, FlowCallContext.Deadline?.UtcDateTime, cancellationToken);
    }

    private const string TraceParentHeader = "traceparent";
    private const string TraceStateHeader = "tracestate";

    /// <summary>A data call in an executor span of its own, started in here so it is the current activity of this call alone.</summary>
    private async ValueTask<DataRequestProto> TracedAsync<TState>(
        DataRequestProto request,
        string method,
        Func<TState, DataRequestProto, CancellationToken, ValueTask<DataRequestProto>> call,
        TState state,
        CancellationToken cancellationToken)
    {
        if (JinaTracing.Start(SpanName, ActivityKind.Client, FlowCallContext.Trace) is not { } span)
        {
            return await call(state, request, cancellationToken).ConfigureAwait(false);
        }

        if (span.IsAllDataRequested)
        {
            span.SetTag(JinaTracing.RpcSystem, "grpc");
            span.SetTag(JinaTracing.RpcService, method == "process_data" ? JinaDataRequestRPC.Descriptor.FullName : JinaSingleDataRequestRPC.Descriptor.FullName);
            span.SetTag(JinaTracing.RpcMethod, method);
            span.SetTag(JinaTracing.Executor, _definition.Name);
            span.SetTag(JinaTracing.ServerAddress, string.Join(",", _definition.ExternalAddresses));
            JinaTracing.TagRequest(span, request);
            span.DisplayName = _definition.Name + " " + JinaTracing.EndpointOf(request);
        }

        return await JinaTracing.EndWithAsync(span, call(state, request, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<T> CallAsync<T>(Func<Remote, Task<T>> call, CancellationToken cancellationToken)
    {
        var attempts = _definition.EffectiveRetries + 1;
        RpcException? last = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var remote = _remotes[(int)((uint)Interlocked.Increment(ref _next) % (uint)_remotes.Length)];
            try
            {
                return await call(remote).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                last = ex;
            }
            catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Another transport error (the remote's deadline, an unknown executor there): it crosses grain calls
                // as an ExecutorCallException, which keeps its meaning.
                var failure = ex.StatusCode switch
                {
                    StatusCode.DeadlineExceeded => ExecutorCallFailure.DeadlineExceeded,
                    StatusCode.InvalidArgument => ExecutorCallFailure.InvalidArgument,
                    StatusCode.NotFound => ExecutorCallFailure.Unavailable,
                    _ => ExecutorCallFailure.Internal,
                };
                throw new ExecutorCallException(failure, $"External executor '{_definition.Name}': {ex.Status.Detail}", ex);
            }
            catch (RpcException ex)
            {
                throw new OperationCanceledException($"The call to external executor '{_definition.Name}' was cancelled.", ex, cancellationToken);
            }
        }

        throw new ExecutorCallException(
            ExecutorCallFailure.Unavailable,
            $"External executor '{_definition.Name}' at {string.Join(", ", _definition.ExternalAddresses)} is unavailable: {last!.Status.Detail}",
            last);
    }

    /// <summary>One replica of the executor: its channel and the generated clients of the worker services.</summary>
    private static SingleDocumentRequestProto ConvertItem(SingleDocumentRequestProto item, DocArrayFlavour flavour)
    {
        var converted = item.Clone();
        if (flavour == DocArrayFlavour.V2 && converted.Document is { } v1)
        {
            converted.DocumentV2 = DocArrayConversion.ToV2(v1);
            converted.Document = null;
        }
        else if (flavour == DocArrayFlavour.V1 && converted.DocumentV2 is { } v2)
        {
            converted.Document = DocArrayConversion.ToV1(v2);
            converted.DocumentV2 = null;
        }

        return converted;
    }

    private sealed class Remote(GrpcChannel channel)
    {
        public GrpcChannel Channel { get; } = channel;

        /// <summary>The data calls, with marshallers of the flavour sent (the generated clients would write v2 documents as v1).</summary>
        public CallInvoker Invoker { get; } = channel.CreateCallInvoker();

        public JinaDiscoverEndpointsRPC.JinaDiscoverEndpointsRPCClient Discovery { get; } = new(channel);
    }
}
