using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Protos.Jina;
using Content = JinaOrleans.Protos.Jina.DataRequestProto.Types.DataContentProto;

namespace JinaOrleans.Internal;

/// <summary>The documents of a request in the request's own flavour (v1 <c>docs</c> or internal v2 <c>docs_v2</c>).</summary>
internal static class RequestDocuments
{
    /// <summary>The request's flavour: v2 when it holds v2 documents, otherwise v1.</summary>
    public static DocArrayFlavour FlavourOf(DataRequestProto request) =>
        request.Data?.DocumentsCase == Content.DocumentsOneofCase.DocsV2 ? DocArrayFlavour.V2 : DocArrayFlavour.V1;

    /// <summary>The request's documents, or null when it has none.</summary>
    public static DocumentArray? Peek(DataRequestProto request) => request.Data?.DocumentsCase switch
    {
        Content.DocumentsOneofCase.Docs => new DocumentArray(request.Data.Docs.Docs),
        Content.DocumentsOneofCase.DocsV2 => new DocumentArray(request.Data.DocsV2.Docs),
        _ => null,
    };

    /// <summary>How many documents the request holds.</summary>
    public static int Count(DataRequestProto request) => request.Data?.DocumentsCase switch
    {
        Content.DocumentsOneofCase.Docs => request.Data.Docs.Docs.Count,
        Content.DocumentsOneofCase.DocsV2 => request.Data.DocsV2.Docs.Count,
        _ => 0,
    };

    /// <summary>The ids of the request's documents, or null when it has none.</summary>
    public static string[]? Ids(DataRequestProto request) => Peek(request)?.Select(static d => d.Id).ToArray();

    /// <summary>The request's documents; an empty list (v1, or <paramref name="flavour"/>) is put in when it has none.</summary>
    public static DocumentArray Of(DataRequestProto request, DocArrayFlavour flavour = DocArrayFlavour.V1)
    {
        var data = request.Data ??= new Content();
        switch (data.DocumentsCase)
        {
            case Content.DocumentsOneofCase.Docs:
                return new DocumentArray(data.Docs.Docs);
            case Content.DocumentsOneofCase.DocsV2:
                return new DocumentArray(data.DocsV2.Docs);
            default:
                if (flavour == DocArrayFlavour.V2)
                {
                    data.DocsV2 = new DocListProto();
                    return new DocumentArray(data.DocsV2.Docs);
                }

                data.Docs = new DocumentArrayProto();
                return new DocumentArray(data.Docs.Docs);
        }
    }

    /// <summary>Replaces the request's documents by <paramref name="documents"/> in the request's flavour (converting those of the other).</summary>
    public static void Replace(DataRequestProto request, DocumentArray documents, DocArrayFlavour flavour)
    {
        var data = request.Data ??= new Content();
        if (flavour == DocArrayFlavour.V2)
        {
            var list = new DocListProto();
            new DocumentArray(list.Docs).AddRange(documents);
            data.DocsV2 = list;
        }
        else
        {
            var array = new DocumentArrayProto();
            new DocumentArray(array.Docs).AddRange(documents);
            data.Docs = array;
        }
    }
}
