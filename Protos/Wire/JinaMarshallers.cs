using Google.Protobuf;
using Grpc.Core;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Protos.Wire;

/// <summary>
/// grpc-dotnet marshallers for Jina's data messages in both docarray flavours (<see cref="JinaWire"/>): what the
/// generated ones would do, except that reading decides the flavour first and refuses bytes that are not the served
/// flavour with INVALID_ARGUMENT, and writing sends each message in its own flavour.
/// </summary>
internal sealed class JinaMarshallers
{
    private JinaMarshallers(DocArrayFlavour served)
    {
        Served = served;
        DataRequest = Marshallers.Create<DataRequestProto>(
            static (message, context) => Write(JinaWire.ForWire(message), context),
            context => Read(context, served, JinaWire.ParseDataRequest));
        DataRequestList = Marshallers.Create<DataRequestListProto>(
            static (message, context) => Write(JinaWire.ForWire(message), context),
            context => Read(context, served, JinaWire.ParseDataRequestList));
        SingleDocumentRequest = Marshallers.Create<SingleDocumentRequestProto>(
            static (message, context) => Write(JinaWire.ForWire(message), context),
            context => Read(context, served, JinaWire.ParseSingleDocumentRequest));
    }

    public DocArrayFlavour Served { get; }

    public Marshaller<DataRequestProto> DataRequest { get; }

    public Marshaller<DataRequestListProto> DataRequestList { get; }

    public Marshaller<SingleDocumentRequestProto> SingleDocumentRequest { get; }

    private static readonly JinaMarshallers[] Instances = [new(DocArrayFlavour.Auto), new(DocArrayFlavour.V1), new(DocArrayFlavour.V2)];

    /// <summary>The marshallers of a port serving <paramref name="served"/>.</summary>
    public static JinaMarshallers For(DocArrayFlavour served) => Instances[(int)served];

    private static void Write(IBufferMessage message, SerializationContext context)
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    private static T Read<T>(DeserializationContext context, DocArrayFlavour served, Func<System.Buffers.ReadOnlySequence<byte>, DocArrayFlavour, T> parse)
    {
        try
        {
            return parse(context.PayloadAsReadOnlySequence(), served);
        }
        catch (WireFormatException ex)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, ex.Message));
        }
    }
}
