using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Tests.Support;

/// <summary>Requests for grain-level tests, built as the gateway builds them.</summary>
internal static class Requests
{
    public static DataRequestProto Of(string endpoint, params string[] texts) => new()
    {
        Header = new HeaderProto { RequestId = Identifiers.NewId(), ExecEndpoint = endpoint },
        Parameters = new Struct(),
        Data = new DataRequestProto.Types.DataContentProto { Docs = new DocumentArrayProto { Docs = { texts.Select(t => new DocumentProto { Id = Identifiers.NewId(), Text = t }) } } },
    };

    /// <summary>
    /// A request using most of the wire format (tags, parameters, an embedding and a tensor, scores, chunks and
    /// matches), for mutated-input tests to start from.
    /// </summary>
    public static DataRequestProto Rich(string endpoint = "/")
    {
        var tags = new Struct { Fields = { ["k"] = Value.ForString("v"), ["n"] = Value.ForNumber(1.5), ["l"] = Value.ForList(Value.ForNumber(1), Value.ForString("é"), Value.ForNull(), Value.ForBool(true)) } };
        var doc = new DocumentProto
        {
            Id = Identifiers.NewId(),
            Text = "héllo € 😀",
            Tags = tags,
            Embedding = NdArray.FromFloats([1, 2, 3, 4], 2, 2).Proto,
            Granularity = 1,
            Weight = 0.5f,
            MimeType = "text/plain",
            Location = { 1, 2 },
            Scores = { ["s"] = new NamedScoreProto { Value = 0.5f, OpName = "cos" } },
            Chunks = { new DocumentProto { Id = Identifiers.NewId(), Tensor = NdArray.FromInt64s([1, 2, 3]).Proto, Matches = { new DocumentProto { Id = "m", Text = "match" } } } },
        };
        var request = Of(endpoint, "plain");
        request.Data.Docs.Docs.Add(doc);
        request.Parameters.Fields["p"] = Value.ForString("q");
        request.Parameters.Fields["deep"] = Value.ForStruct(new Struct { Fields = { ["a"] = Value.ForList(Value.ForNumber(1), Value.ForStruct(tags.Clone())) } });
        return request;
    }

    public static DataRequestProto WithText(this DataRequestProto request, string parameter, string value)
    {
        request.Parameters.Fields[parameter] = Value.ForString(value);
        return request;
    }

    public static DataRequestProto With(this DataRequestProto request, string parameter, double value)
    {
        request.Parameters.Fields[parameter] = Value.ForNumber(value);
        return request;
    }
}
