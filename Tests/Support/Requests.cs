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

    public static DataRequestProto With(this DataRequestProto request, string parameter, double value)
    {
        request.Parameters.Fields[parameter] = Value.ForNumber(value);
        return request;
    }
}
