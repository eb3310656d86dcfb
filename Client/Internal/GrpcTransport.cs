using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Grpc.Net.Compression;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Wire;

namespace JinaOrleans.Client.Internal;

/// <summary>
/// gRPC through grpc-dotnet: all requests on one <c>/jina.JinaRPC/Call</c> stream, or one
/// <c>process_single_data</c> call per request with at most <c>prefetch</c> in flight. The data calls go through the
/// call invoker with <see cref="JinaMethods"/>, whose marshallers send each request in its docarray flavour and read
/// answers in the post's flavour (the generated client would read every answer as v1); the others through the
/// generated clients.
/// </summary>
internal sealed class GrpcTransport : IClientTransport
{
    // Grpc.Net.Client's header asking for a request message encoding (gzip, deflate).
    private const string RequestEncodingHeader = "grpc-internal-encoding-request";

    private readonly GrpcChannel? _channel;
    private readonly CallInvoker _invoker;
    private readonly JinaGatewayDryRunRPC.JinaGatewayDryRunRPCClient _dryRun;
    private readonly JinaInfoRPC.JinaInfoRPCClient _info;

    /// <summary>Over a channel of its own, disposed with the transport.</summary>
    public GrpcTransport(GrpcChannel channel)
        : this(channel.CreateCallInvoker())
    {
        _channel = channel;
    }

    /// <summary>Over a call invoker someone else owns (a client factory's).</summary>
    public GrpcTransport(CallInvoker invoker)
    {
        _invoker = invoker;
        _dryRun = new JinaGatewayDryRunRPC.JinaGatewayDryRunRPCClient(invoker);
        _info = new JinaInfoRPC.JinaInfoRPCClient(invoker);
    }

    /// <summary>
    /// The channel a <see cref="Client"/> opens: HTTP/2 over a <see cref="SocketsHttpHandler"/> that opens more
    /// connections past the server's stream limit and pings idle ones, trusting <see cref="ClientOptions.RootCertificates"/>
    /// when given; messages of any size; gzip and deflate.
    /// </summary>
    public static GrpcChannel CreateChannel(Uri address, ClientOptions options)
    {
        var channel = new GrpcChannelOptions
        {
            HttpHandler = options.HttpHandler ?? ClientHandlers.CreateGrpc(options),
            DisposeHttpClient = options.HttpHandler is null,
        };
        ApplyMessageOptions(channel);
        if (options.MaxAttempts > 1)
        {
            // grpc-dotnet's retries (gRFC A6): UNAVAILABLE calls are retried with exponential, jittered backoff (a
            // call is retried until its first response arrives or it has sent more than grpc-dotnet buffers, 1 MB).
            channel.MaxRetryAttempts = Math.Max(options.MaxAttempts, channel.MaxRetryAttempts ?? 5);
            channel.ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = options.MaxAttempts,
                            InitialBackoff = options.InitialBackoff,
                            MaxBackoff = options.MaxBackoff,
                            BackoffMultiplier = options.BackoffMultiplier,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            };
        }

        return GrpcChannel.ForAddress(address, channel);
    }

    /// <summary>Messages of any size (as Jina sends them), gzip and deflate.</summary>
    public static void ApplyMessageOptions(GrpcChannelOptions channel)
    {
        channel.MaxReceiveMessageSize = null;
        channel.MaxSendMessageSize = null;
        channel.CompressionProviders = [new GzipCompressionProvider(CompressionLevel.Fastest), new DeflateCompressionProvider(CompressionLevel.Fastest)];
    }

    public IAsyncEnumerable<DataRequestProto> SendAsync(IEnumerable<DataRequestProto> requests, PostOptions options, CancellationToken cancellationToken) =>
        options.Stream ? CallAsync(requests, options, cancellationToken) : UnaryAsync(requests, options, cancellationToken);

    public Task<DataRequestProto> SendOneAsync(DataRequestProto request, PostOptions options, CancellationToken cancellationToken) =>
        options.Stream
            ? IClientTransport.SingleAsync(CallAsync([request], options, cancellationToken))
            : _invoker.AsyncUnaryCall(JinaMethods.For(options.DocArray).ProcessSingleData, null, CreateCallOptions(options, cancellationToken), request).ResponseAsync;

    public Task<StatusProto> DryRunAsync(CancellationToken cancellationToken) =>
        _dryRun.dry_runAsync(new Empty(), cancellationToken: cancellationToken).ResponseAsync;

    public Task<JinaInfoProto> GetStatusAsync(CancellationToken cancellationToken) =>
        _info._statusAsync(new Empty(), cancellationToken: cancellationToken).ResponseAsync;

    public async IAsyncEnumerable<SingleDocumentRequestProto> StreamDocAsync(SingleDocumentRequestProto request, PostOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var flavour = request.DocumentV2 is null ? DocArrayFlavour.V1 : DocArrayFlavour.V2;
        using var call = _invoker.AsyncServerStreamingCall(JinaMethods.For(flavour).StreamDoc, null, CreateCallOptions(options, cancellationToken), request);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }

    public void Dispose() => _channel?.Dispose();

    private async IAsyncEnumerable<DataRequestProto> CallAsync(IEnumerable<DataRequestProto> requests, PostOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = _invoker.AsyncDuplexStreamingCall(JinaMethods.For(options.DocArray).Call, host: null, CreateCallOptions(options, cancellationToken));
        var writer = WriteAllAsync(call.RequestStream, requests, cancellationToken);
        try
        {
            while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                yield return call.ResponseStream.Current;
            }
        }
        finally
        {
            if (!writer.IsCompleted)
            {
                call.Dispose();
            }

            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or HttpRequestException or IOException)
            {
                // The call failed, was disposed above or was cancelled: the response side reports why it ended.
            }
        }
    }

    private static async Task WriteAllAsync(IClientStreamWriter<DataRequestProto> writer, IEnumerable<DataRequestProto> requests, CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var request in requests)
        {
            await writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }

    private IAsyncEnumerable<DataRequestProto> UnaryAsync(IEnumerable<DataRequestProto> requests, PostOptions options, CancellationToken cancellationToken)
    {
        var callOptions = CreateCallOptions(options, cancellationToken);
        if (requests is IReadOnlyList<DataRequestProto> { Count: 1 } single)
        {
            // The common unary call: no closure, no bookkeeping.
            return OneAsync(single[0], options.DocArray, callOptions);
        }

        var method = JinaMethods.For(options.DocArray).ProcessSingleData;
        return ConcurrentRequests.RunAsync(requests, options, request => _invoker.AsyncUnaryCall(method, null, callOptions, request).ResponseAsync, cancellationToken);
    }

    private async IAsyncEnumerable<DataRequestProto> OneAsync(DataRequestProto request, DocArrayFlavour flavour, CallOptions callOptions)
    {
        yield return await _invoker.AsyncUnaryCall(JinaMethods.For(flavour).ProcessSingleData, null, callOptions, request).ResponseAsync.ConfigureAwait(false);
    }

    private static CallOptions CreateCallOptions(PostOptions options, CancellationToken cancellationToken)
    {
        // No headers object unless a header is sent: the common unary call then allocates what grpc-dotnet does.
        Metadata? metadata = null;
        if (options.ResultsInOrder)
        {
            (metadata ??= []).Add("__results_in_order__", "true");
        }

        if (options.Prefetch is { } prefetch)
        {
            (metadata ??= []).Add("__prefetch__", prefetch.ToString(CultureInfo.InvariantCulture));
        }

        if (options.Compression is { } compression)
        {
            (metadata ??= []).Add(RequestEncodingHeader, compression);
        }

        if (options.Metadata is { Count: > 0 } extra)
        {
            metadata ??= [];
            foreach (var (key, value) in extra)
            {
                metadata.Add(key, value);
            }
        }

        return new CallOptions(metadata, options.Timeout is { } timeout ? DateTime.UtcNow + timeout : null, cancellationToken);
    }
}
