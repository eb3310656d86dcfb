using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Benchmarks.Micro;

/// <summary>Jina-shaped requests for the benchmarks.</summary>
public static class RequestFactory
{
    /// <summary>A request of <paramref name="docs"/> documents, each with a text and a float32 embedding of <paramref name="dims"/>.</summary>
    public static DataRequestProto Create(int docs, int dims = 128, string endpoint = "/")
    {
        var array = new DocumentArrayProto();
        var embedding = new float[dims];
        for (var i = 0; i < dims; i++)
        {
            embedding[i] = i / (float)dims;
        }

        for (var i = 0; i < docs; i++)
        {
            var doc = new DocumentProto { Id = Identifiers.NewId(), Text = $"document number {i}" };
            doc.Embedding = NdArray.FromFloats(embedding).Proto;
            doc.Tags = new Struct { Fields = { ["i"] = Value.ForNumber(i) } };
            array.Docs.Add(doc);
        }

        return new DataRequestProto
        {
            Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = endpoint },
            Parameters = new Struct { Fields = { ["__results__"] = new Value { StructValue = new Struct() } } },
            Data = new DataRequestProto.Types.DataContentProto { Docs = array },
        };
    }
}
