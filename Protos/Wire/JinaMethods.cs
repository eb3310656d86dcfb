using Grpc.Core;
using JinaOrleans.Protos.Jina;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace JinaOrleans.Protos.Wire;

/// <summary>
/// The Jina data RPCs as grpc-dotnet methods over <see cref="JinaMarshallers"/>, for servers (bound with an
/// <c>IServiceMethodProvider</c>) and clients (through a <c>CallInvoker</c>) alike. Paths and kinds come from the
/// service descriptors Grpc.Tools generates from jina.proto; only the marshallers differ from the generated ones.
/// </summary>
internal sealed class JinaMethods
{
    private static readonly JinaMethods[] Instances = [new(DocArrayFlavour.Auto), new(DocArrayFlavour.V1), new(DocArrayFlavour.V2)];

    private JinaMethods(DocArrayFlavour served)
    {
        var marshallers = JinaMarshallers.For(served);
        Call = Create(JinaRPC.Descriptor, "Call", marshallers.DataRequest, marshallers.DataRequest);
        ProcessSingleData = Create(JinaSingleDataRequestRPC.Descriptor, "process_single_data", marshallers.DataRequest, marshallers.DataRequest);
        ProcessData = Create(JinaDataRequestRPC.Descriptor, "process_data", marshallers.DataRequestList, marshallers.DataRequest);
        StreamDoc = Create(JinaSingleDocumentRequestRPC.Descriptor, "stream_doc", marshallers.SingleDocumentRequest, marshallers.SingleDocumentRequest);
    }

    /// <summary><c>/jina.JinaRPC/Call</c>.</summary>
    public Method<DataRequestProto, DataRequestProto> Call { get; }

    /// <summary><c>/jina.JinaSingleDataRequestRPC/process_single_data</c>.</summary>
    public Method<DataRequestProto, DataRequestProto> ProcessSingleData { get; }

    /// <summary><c>/jina.JinaDataRequestRPC/process_data</c>.</summary>
    public Method<DataRequestListProto, DataRequestProto> ProcessData { get; }

    /// <summary><c>/jina.JinaSingleDocumentRequestRPC/stream_doc</c>.</summary>
    public Method<SingleDocumentRequestProto, SingleDocumentRequestProto> StreamDoc { get; }

    /// <summary>The methods of a port (or a caller) reading messages in <paramref name="served"/>.</summary>
    public static JinaMethods For(DocArrayFlavour served) => Instances[(int)served];

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(ProtoServiceDescriptor service, string name, Marshaller<TRequest> request, Marshaller<TResponse> response)
    {
        var method = service.FindMethodByName(name) ?? throw new InvalidOperationException($"jina.proto has no {service.FullName}/{name}.");
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(type, service.FullName, method.Name, request, response);
    }
}
