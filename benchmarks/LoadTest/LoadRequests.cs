using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Benchmarks.LoadTest;

/// <summary>
/// The requests LoadTest sends, in either docarray flavour, with the same documents: docarray v1
/// <c>DocumentProto</c>s, or docarray v2 <c>DocProto</c>s shaped like docarray's <c>TextDoc</c> (<c>id</c>,
/// <c>text</c>, <c>url</c>, <c>embedding</c>, <c>bytes_</c>; a field v1 leaves unset is an empty node, as docarray
/// writes <c>None</c>). The client's marshallers send a v2 request as v2 bytes (it holds <c>docs_v2</c>).
/// </summary>
internal static class LoadRequests
{
    // The value of every field a document leaves unset: never written to, so one instance serves every document.
    private static readonly NodeProto None = new();

    public static DataRequestProto NewRequest(LoadOptions options) => new()
    {
        Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = "/" },
        Parameters = new Struct { Fields = { [WellKnownEndpoints.ResultsKey] = new Value { StructValue = new Struct() } } },
        Data = options.DocArray == DocArrayFlavour.V2
            ? new DataRequestProto.Types.DataContentProto { DocsV2 = NewDocsV2(options) }
            : new DataRequestProto.Types.DataContentProto { Docs = NewDocs(options) },
    };

    /// <summary>
    /// What matches an answer to its request: the first document's id (the HTTP gateway answers with a request id of
    /// its own, as Jina's does), in whichever flavour the answer holds; else the request id.
    /// </summary>
    public static string Key(DataRequestProto request)
    {
        switch (request.Data?.DocumentsCase)
        {
            case DataRequestProto.Types.DataContentProto.DocumentsOneofCase.Docs when request.Data.Docs.Docs.Count > 0:
                return request.Data.Docs.Docs[0].Id;
            case DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsV2
                when request.Data.DocsV2.Docs.Count > 0 && request.Data.DocsV2.Docs[0].Data.TryGetValue("id", out var id):
                return id.Text;
            default:
                return request.Header.RequestId;
        }
    }

    private static DocumentArrayProto NewDocs(LoadOptions options)
    {
        var docs = new DocumentArrayProto();
        for (var d = 0; d < options.DocsPerRequest; d++)
        {
            var doc = new DocumentProto { Id = Identifiers.NewId() };
            if (options.TextBytes > 0)
            {
                doc.Text = new string('x', options.TextBytes);
            }

            if (options.EmbeddingDims > 0)
            {
                doc.Embedding = NdArray.FromFloats(new float[options.EmbeddingDims]).Proto;
            }

            docs.Docs.Add(doc);
        }

        return docs;
    }

    private static DocListProto NewDocsV2(LoadOptions options)
    {
        var docs = new DocListProto();
        for (var d = 0; d < options.DocsPerRequest; d++)
        {
            var doc = new DocProto();
            var data = doc.Data;
            data["id"] = new NodeProto { Text = Identifiers.NewId(), Type = "id" };
            data["text"] = options.TextBytes > 0 ? new NodeProto { Text = new string('x', options.TextBytes) } : None;
            data["url"] = None;

            // The same array as v1's (its v2 message shares the dense part: the buffer is not copied).
            data["embedding"] = options.EmbeddingDims > 0
                ? new NodeProto { Ndarray = NdArray.FromFloats(new float[options.EmbeddingDims]).ProtoV2, Type = "ndarray_embedding" }
                : None;
            data["bytes_"] = None;
            docs.Docs.Add(doc);
        }

        return docs;
    }
}
