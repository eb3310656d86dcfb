using System.Buffers;
using Google.Protobuf;
using JinaOrleans.Protos.Jina;
using V2 = JinaOrleans.Protos.Jina.DocArrayV2;

namespace JinaOrleans.Protos.Wire;

/// <summary>
/// Jina's data messages on the wire in both docarray flavours. In the process one message type carries both
/// (<see cref="DataRequestProto"/>, v2 documents in its internal <c>docs_v2</c> field); on the wire the documents of
/// either flavour are field 1. Reading decides the flavour (<see cref="FlavourDetector"/>, or the port's pinned one)
/// and parses the bytes as that flavour's envelope; a v2 envelope's parts move into the internal message by reference
/// (no document is copied). Writing picks the envelope from what the message holds, so the answer to a v2 request
/// goes out as v2.
/// </summary>
internal static class JinaWire
{
    /// <summary>The flavour a message holds: v2 when its documents are docarray v2, otherwise v1.</summary>
    public static DocArrayFlavour FlavourOf(DataRequestProto message) =>
        message.Data?.DocumentsCase == DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsV2 ? DocArrayFlavour.V2 : DocArrayFlavour.V1;

    public static DataRequestProto ParseDataRequest(ReadOnlySequence<byte> payload, DocArrayFlavour served) =>
        Parse(payload, served, "jina.DataRequestProto", FlavourDetector.InspectDataRequest, static p => DataRequestProto.Parser.ParseFrom(p), static p => FromV2(V2.DataRequestProto.Parser.ParseFrom(p)));

    /// <summary>A whole message in memory (a WebSocket frame).</summary>
    public static DataRequestProto ParseDataRequest(ReadOnlyMemory<byte> payload, DocArrayFlavour served) =>
        ParseDataRequest(new ReadOnlySequence<byte>(payload), served);

    public static DataRequestListProto ParseDataRequestList(ReadOnlySequence<byte> payload, DocArrayFlavour served) =>
        Parse(payload, served, "jina.DataRequestListProto", FlavourDetector.InspectDataRequestList, static p => DataRequestListProto.Parser.ParseFrom(p), static p =>
        {
            var result = new DataRequestListProto();
            foreach (var request in V2.DataRequestListProto.Parser.ParseFrom(p).Requests)
            {
                result.Requests.Add(FromV2(request));
            }

            return result;
        });

    public static SingleDocumentRequestProto ParseSingleDocumentRequest(ReadOnlySequence<byte> payload, DocArrayFlavour served) =>
        Parse(payload, served, "jina.SingleDocumentRequestProto", FlavourDetector.InspectSingleDocumentRequest, static p => SingleDocumentRequestProto.Parser.ParseFrom(p), static p => FromV2(V2.SingleDocumentRequestProto.Parser.ParseFrom(p)));

    /// <summary>The message as it goes on the wire: itself for v1, its v2 envelope (sharing its parts) for v2.</summary>
    public static IBufferMessage ForWire(DataRequestProto message) =>
        FlavourOf(message) == DocArrayFlavour.V2 ? ToV2(message) : message;

    public static IBufferMessage ForWire(DataRequestListProto message)
    {
        var v2 = false;
        foreach (var request in message.Requests)
        {
            v2 |= FlavourOf(request) == DocArrayFlavour.V2;
        }

        if (!v2)
        {
            return message;
        }

        var list = new V2.DataRequestListProto();
        foreach (var request in message.Requests)
        {
            list.Requests.Add(ToV2(request));
        }

        return list;
    }

    public static IBufferMessage ForWire(SingleDocumentRequestProto message)
    {
        if (message.DocumentV2 is null)
        {
            return message;
        }

        var v2 = new V2.SingleDocumentRequestProto { Header = message.Header, Parameters = message.Parameters, Document = message.DocumentV2 };
        v2.Routes.Add(message.Routes);
        return v2;
    }

    /// <summary>Writes <paramref name="message"/> in its flavour.</summary>
    public static void WriteTo(DataRequestProto message, IBufferWriter<byte> output) => ForWire(message).WriteTo(output);

    /// <summary>The bytes of <paramref name="message"/> in its flavour.</summary>
    public static byte[] ToByteArray(DataRequestProto message) => ForWire(message).ToByteArray();

    internal static DataRequestProto FromV2(V2.DataRequestProto v2)
    {
        var message = new DataRequestProto { Header = v2.Header, Parameters = v2.Parameters };
        message.Routes.Add(v2.Routes);
        if (v2.Data is { } data)
        {
            message.Data = data.DocumentsCase switch
            {
                V2.DataRequestProto.Types.DataContentProto.DocumentsOneofCase.Docs => new DataRequestProto.Types.DataContentProto { DocsV2 = data.Docs },
                V2.DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsBytes => new DataRequestProto.Types.DataContentProto { DocsBytes = data.DocsBytes },
                _ => new DataRequestProto.Types.DataContentProto(),
            };
        }

        return message;
    }

    internal static V2.DataRequestProto ToV2(DataRequestProto message)
    {
        var v2 = new V2.DataRequestProto { Header = message.Header, Parameters = message.Parameters };
        v2.Routes.Add(message.Routes);
        if (message.Data is { } data)
        {
            v2.Data = data.DocumentsCase switch
            {
                DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsV2 => new V2.DataRequestProto.Types.DataContentProto { Docs = data.DocsV2 },
                DataRequestProto.Types.DataContentProto.DocumentsOneofCase.DocsBytes => new V2.DataRequestProto.Types.DataContentProto { DocsBytes = data.DocsBytes },
                _ => new V2.DataRequestProto.Types.DataContentProto(),
            };
        }

        return v2;
    }

    private static SingleDocumentRequestProto FromV2(V2.SingleDocumentRequestProto v2)
    {
        var message = new SingleDocumentRequestProto { Header = v2.Header, Parameters = v2.Parameters, DocumentV2 = v2.Document };
        message.Routes.Add(v2.Routes);
        return message;
    }

    private delegate void Inspector(ReadOnlySpan<byte> message, ref FlavourInspection inspection);

    /// <summary>Decides the flavour of <paramref name="payload"/>, then parses it in that flavour's envelope.</summary>
    private static T Parse<T>(
        ReadOnlySequence<byte> payload,
        DocArrayFlavour served,
        string message,
        Inspector inspector,
        Func<ReadOnlySequence<byte>, T> parseV1,
        Func<ReadOnlySequence<byte>, T> parseV2)
    {
        var flavour = Decide(Inspect(payload, inspector), served, message);
        try
        {
            return flavour == DocArrayFlavour.V2 ? parseV2(payload) : parseV1(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw NotValid(flavour, message, ex);
        }
    }

    private static FlavourInspection Inspect(ReadOnlySequence<byte> payload, Inspector inspector)
    {
        var inspection = default(FlavourInspection);
        if (payload.IsSingleSegment)
        {
            inspector(payload.FirstSpan, ref inspection);
            return inspection;
        }

        // A message that arrived in several segments (a large one): one contiguous copy to walk.
        var length = checked((int)payload.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            inspector(rented.AsSpan(0, length), ref inspection);
            return inspection;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The flavour to parse in, or the refusal naming what was expected and what the bytes are.</summary>
    internal static DocArrayFlavour Decide(in FlavourInspection inspection, DocArrayFlavour served, string message)
    {
        if (inspection.Malformed is { } malformed)
        {
            throw new WireFormatException($"The request is not a valid {message}: {malformed}.");
        }

        switch (served)
        {
            case DocArrayFlavour.V1 when inspection.IsV1:
                return DocArrayFlavour.V1;
            case DocArrayFlavour.V1:
                throw new WireFormatException(
                    $"The request's documents are not docarray v1, the flavour this port serves: {inspection.WhyNotV1}." +
                    (inspection.IsV2 ? " They are docarray v2 (DocListProto / DocProto): send v1 documents or call a port that serves v2." : string.Empty))
                {
                    FlavourMismatch = true,
                };
            case DocArrayFlavour.V2 when inspection.IsV2:
                return DocArrayFlavour.V2;
            case DocArrayFlavour.V2:
                throw new WireFormatException(
                    $"The request's documents are not docarray v2, the flavour this port serves: {inspection.WhyNotV2}." +
                    (inspection.IsV1 ? " They are docarray v1 (DocumentArrayProto / DocumentProto): send v2 documents or call a port that serves v1." : string.Empty))
                {
                    FlavourMismatch = true,
                };
            default:
                // Bytes both flavours accept are documents with nothing in them (FlavourDetector): served as v1.
                if (inspection.Documents == 0 || inspection.IsV1)
                {
                    return DocArrayFlavour.V1;
                }

                if (inspection.IsV2)
                {
                    return DocArrayFlavour.V2;
                }

                throw new WireFormatException(
                    $"The request's documents are neither docarray v1 ({inspection.WhyNotV1}) nor docarray v2 ({inspection.WhyNotV2}).")
                {
                    FlavourMismatch = true,
                };
        }
    }

    private static WireFormatException NotValid(DocArrayFlavour flavour, string message, InvalidProtocolBufferException ex) =>
        new($"The request is not a valid docarray {(flavour == DocArrayFlavour.V2 ? "v2" : "v1")} {message}: {ex.Message}", ex);
}
