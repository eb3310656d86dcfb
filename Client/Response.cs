using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Client;

/// <summary>One response of the gateway: its documents, parameters, routes and status (a view over the message).</summary>
public sealed class Response
{
    public Response(DataRequestProto proto)
    {
        Proto = proto ?? throw new ArgumentNullException(nameof(proto));
    }

    /// <summary>The wire message.</summary>
    public DataRequestProto Proto { get; }

    public string RequestId => Proto.Header?.RequestId ?? string.Empty;

    /// <summary>The documents (empty when the response carries none).</summary>
    public DocumentArray Docs => RequestDocuments.Peek(Proto) ?? new DocumentArray(RequestDocuments.FlavourOf(Proto));

    /// <summary>The parameters as the gateway returned them.</summary>
    public StructDictionary Parameters => new(Proto.Parameters ?? new Struct());

    /// <summary>
    /// What executors returned, by runtime name (<c>executor0/rep-0</c>): <c>parameters.__results__</c>.
    /// </summary>
    public StructDictionary Results =>
        Proto.Parameters?.Fields.TryGetValue(WellKnownEndpoints.ResultsKey, out var results) == true && results.StructValue is { } s
            ? new StructDictionary(s)
            : new StructDictionary();

    /// <summary>The hops: the gateway first, then each executor called, with start and end times.</summary>
    public IReadOnlyList<RouteProto> Routes => Proto.Routes;

    /// <summary>The status; code ERROR (1) when an executor failed.</summary>
    public StatusProto Status => Proto.Header?.Status ?? new StatusProto();

    public bool IsError => Status.Code == StatusProto.Types.StatusCode.Error;

    /// <inheritdoc />
    public override string ToString() => $"Response(request_id={RequestId}, docs={Docs.Count}, status={Status.Code})";
}
