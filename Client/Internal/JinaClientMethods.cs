using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Rpc;

namespace JinaOrleans.Client.Internal;

/// <summary>The gateway methods the client calls, with paths from the compiled <c>jina.proto</c>.</summary>
internal static class JinaClientMethods
{
    public static readonly Method<DataRequestProto, DataRequestProto> Call =
        Create("jina.JinaRPC", "Call", DataRequestProto.Parser, DataRequestProto.Parser);

    public static readonly Method<DataRequestProto, DataRequestProto> ProcessSingleData =
        Create("jina.JinaSingleDataRequestRPC", "process_single_data", DataRequestProto.Parser, DataRequestProto.Parser);

    public static readonly Method<Empty, StatusProto> DryRun =
        Create("jina.JinaGatewayDryRunRPC", "dry_run", Empty.Parser, StatusProto.Parser);

    public static readonly Method<Empty, JinaInfoProto> Status =
        Create("jina.JinaInfoRPC", "_status", Empty.Parser, JinaInfoProto.Parser);

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(string service, string method, Google.Protobuf.MessageParser<TRequest> requestParser, Google.Protobuf.MessageParser<TResponse> responseParser)
        where TRequest : Google.Protobuf.IMessage<TRequest>
        where TResponse : Google.Protobuf.IMessage<TResponse> =>
        ProtobufMarshaller.CreateMethod(JinaReflection.Descriptor, service, method, requestParser, responseParser);
}
