using System.Globalization;
using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Client;

namespace JinaOrleans.Client.Internal;

/// <summary>
/// gRPC: all requests on one <c>/jina.JinaRPC/Call</c> stream (flushed in small batches), or one
/// <c>process_single_data</c> call per request with at most <c>prefetch</c> in flight.
/// </summary>
internal sealed class GrpcTransport(GrpcChannel channel) : IClientTransport
{
    private const int WriteBatch = 16;

    public IAsyncEnumerable<DataRequestProto> SendAsync(IEnumerable<DataRequestProto> requests, PostOptions options, CancellationToken cancellationToken) =>
        options.Stream ? CallAsync(requests, options, cancellationToken) : UnaryAsync(requests, options, cancellationToken);

    public Task<StatusProto> DryRunAsync(CancellationToken cancellationToken) =>
        channel.UnaryAsync(JinaClientMethods.DryRun, new Empty(), new CallOptions(cancellationToken: cancellationToken));

    public Task<JinaInfoProto> GetStatusAsync(CancellationToken cancellationToken) =>
        channel.UnaryAsync(JinaClientMethods.Status, new Empty(), new CallOptions(cancellationToken: cancellationToken));

    public void Dispose() => channel.Dispose();

    private async IAsyncEnumerable<DataRequestProto> CallAsync(IEnumerable<DataRequestProto> requests, PostOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = channel.DuplexStreaming(JinaClientMethods.Call, CreateCallOptions(options, cancellationToken));
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
            catch (RpcException)
            {
                // The response side reports why the call ended.
            }
        }
    }

    private static async Task WriteAllAsync(IClientStreamWriter<DataRequestProto> writer, IEnumerable<DataRequestProto> requests, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var unflushed = 0;
        foreach (var request in requests)
        {
            var flush = ++unflushed == WriteBatch;
            await writer.WriteAsync(request, flush, cancellationToken).ConfigureAwait(false);
            if (flush)
            {
                unflushed = 0;
            }
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }

    private IAsyncEnumerable<DataRequestProto> UnaryAsync(IEnumerable<DataRequestProto> requests, PostOptions options, CancellationToken cancellationToken)
    {
        var callOptions = CreateCallOptions(options, cancellationToken);
        return ConcurrentRequests.RunAsync(requests, options, request => channel.UnaryAsync(JinaClientMethods.ProcessSingleData, request, callOptions), cancellationToken);
    }

    private static CallOptions CreateCallOptions(PostOptions options, CancellationToken cancellationToken)
    {
        var metadata = new Metadata();
        if (options.ResultsInOrder)
        {
            metadata.Add("__results_in_order__", "true");
        }

        if (options.Prefetch is { } prefetch)
        {
            metadata.Add("__prefetch__", prefetch.ToString(CultureInfo.InvariantCulture));
        }

        if (options.Metadata is { } extra)
        {
            foreach (var (key, value) in extra)
            {
                metadata.Add(key, value);
            }
        }

        return new CallOptions(
            metadata,
            options.Timeout is { } timeout ? DateTimeOffset.UtcNow + timeout : null,
            options.Compression,
            cancellationToken);
    }
}
