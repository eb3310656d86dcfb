using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Client;

/// <summary><c>stream_doc</c>: one document to a streaming endpoint, its documents as they are produced.</summary>
public sealed partial class Client
{
    /// <summary>
    /// Sends <paramref name="input"/> to the streaming endpoint <paramref name="on"/> (Jina's <c>client.stream_doc</c>)
    /// and yields each document the flow produces as soon as it arrives. An executor error mid-stream throws
    /// <see cref="ExecutorErrorException"/> after the documents before it; a transport failure throws
    /// <see cref="Grpc.Core.RpcException"/>. Breaking out of the loop or cancelling stops the generator. Over gRPC and
    /// HTTP (Server-Sent Events); <see cref="PostOptions.Parameters"/>, <see cref="PostOptions.TargetExecutor"/>,
    /// <see cref="PostOptions.Timeout"/> and <see cref="PostOptions.DocArray"/> apply.
    /// </summary>
    public async IAsyncEnumerable<Document> StreamDocAsync(string on, Document input, PostOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(on);
        ArgumentNullException.ThrowIfNull(input);
        options ??= new PostOptions();
        var header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = on };
        if (options.TargetExecutor is not null)
        {
            header.TargetExecutor = options.TargetExecutor;
        }

        var request = new SingleDocumentRequestProto
        {
            Header = header,
            Parameters = options.Parameters is null ? new Struct() : ValueConverter.ToStruct(options.Parameters),
        };
        var flavour = options.DocArray == DocArrayFlavour.Auto ? input.Flavour : options.DocArray;
        // The caller's document is sent as it is, or converted into a new message: it stays what it was.
        if (flavour == DocArrayFlavour.V2)
        {
            request.DocumentV2 = input.ProtoV2 ?? DocArrayConversion.ToV2(input.Proto);
        }
        else
        {
            request.Document = input.ProtoV2 is { } v2 ? DocArrayConversion.ToV1(v2) : input.Proto;
        }

        await foreach (var item in _transport.StreamDocAsync(request, options, cancellationToken).ConfigureAwait(false))
        {
            if (StreamItems.Failed(item))
            {
                throw new ExecutorErrorException(new Response(new DataRequestProto { Header = item.Header, Routes = { item.Routes } }));
            }

            yield return StreamItems.DocumentOf(item);
        }
    }
}
