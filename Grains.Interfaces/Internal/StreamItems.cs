using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Internal;

/// <summary>
/// The items of a <c>stream_doc</c> stream (<see cref="SingleDocumentRequestProto"/>: one document, or an error in
/// <c>header.status</c>) and the one-document requests an item becomes for an executor that does not stream.
/// </summary>
internal static class StreamItems
{
    /// <summary>The item's flavour: v2 when it holds a v2 document, otherwise v1.</summary>
    public static DocArrayFlavour FlavourOf(SingleDocumentRequestProto item) =>
        item.DocumentV2 is not null ? DocArrayFlavour.V2 : DocArrayFlavour.V1;

    /// <summary>The item's document (a new empty one, in the item's flavour, when it carries none).</summary>
    public static Document DocumentOf(SingleDocumentRequestProto item)
    {
        if (item.DocumentV2 is { } v2)
        {
            return new Document(v2);
        }

        return new Document(item.Document ??= new DocumentProto { Id = Identifiers.NewId() });
    }

    /// <summary>Whether the item carries an executor error.</summary>
    public static bool Failed(SingleDocumentRequestProto item) => item.Header?.Status is { Code: StatusProto.Types.StatusCode.Error };

    /// <summary>An item of <paramref name="document"/> in <paramref name="flavour"/> (converted when it is of the other), answering <paramref name="header"/>.</summary>
    public static SingleDocumentRequestProto Of(HeaderProto header, Document document, DocArrayFlavour flavour)
    {
        var item = new SingleDocumentRequestProto { Header = new HeaderProto { RequestId = header.RequestId, ExecEndpoint = header.ExecEndpoint } };
        if (flavour == DocArrayFlavour.V2)
        {
            item.DocumentV2 = document.ToV2Proto();
        }
        else
        {
            item.Document = document.ToV1Proto();
        }

        return item;
    }

    /// <summary>The item that ends a stream with <paramref name="status"/>.</summary>
    public static SingleDocumentRequestProto Error(HeaderProto header, StatusProto status) => new()
    {
        Header = new HeaderProto { RequestId = header.RequestId, ExecEndpoint = header.ExecEndpoint, Status = status },
    };

    /// <summary>
    /// The one-document request <paramref name="item"/> is for an executor that takes requests: its header, the
    /// stream's <paramref name="parameters"/>, its document in its flavour.
    /// </summary>
    public static DataRequestProto ToRequest(SingleDocumentRequestProto item, Struct? parameters)
    {
        var request = new DataRequestProto
        {
            Header = item.Header?.Clone() ?? new HeaderProto(),
            Parameters = parameters ?? new Struct(),
            Data = new DataRequestProto.Types.DataContentProto(),
        };
        if (item.DocumentV2 is { } v2)
        {
            request.Data.DocsV2 = new DocListProto { Docs = { v2 } };
        }
        else
        {
            request.Data.Docs = new DocumentArrayProto { Docs = { item.Document ?? new DocumentProto { Id = Identifiers.NewId() } } };
        }

        return request;
    }
}
