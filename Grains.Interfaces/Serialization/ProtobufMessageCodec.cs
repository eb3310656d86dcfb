// Written by hand because Microsoft.Orleans.Serialization.Protobuf is not on this project's package source:
// an Orleans codec for protobuf messages (the wire types every grain call carries) and a copier that passes
// them by reference.
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Orleans;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace JinaOrleans.Serialization;

/// <summary>
/// Serializes protobuf messages (<see cref="IMessage"/>) in Orleans grain calls: the message's type, then its
/// protobuf encoding written straight into Orleans' buffer. In-process calls do not copy them: a message handed to
/// a grain call belongs to the callee until the call returns (the flow walks one request object through its local
/// executors, as Jina's runtime does), so the copier returns the same instance and Orleans skips copying.
/// </summary>
[Alias(Alias)]
internal sealed class ProtobufMessageCodec : IGeneralizedCodec, IGeneralizedCopier, IOptionalDeepCopier, ITypeFilter
{
    /// <summary>The name Orleans writes for this codec instead of its type name.</summary>
    public const string Alias = "jina-protobuf";

    private static readonly Type SelfType = typeof(ProtobufMessageCodec);

    // The messages grain calls carry, by number: append only (a number is what silos of one cluster agree on).
    private static readonly Type[] KnownTypes = [typeof(Protos.Jina.DataRequestProto), typeof(Protos.Jina.EndpointsProto), typeof(Protos.Jina.SingleDocumentRequestProto)];
    private static readonly ConcurrentDictionary<Type, MessageParser?> Parsers = new();

    public bool IsSupportedType(Type type) => type == SelfType || ParserFor(type) is not null;

    /// <summary>Messages are never copied: ownership moves with the call (see the class summary).</summary>
    public bool IsShallowCopyable() => true;

    [return: NotNullIfNotNull(nameof(input))]
    public object? DeepCopy(object? input, CopyContext context) => input;

    public bool? IsTypeAllowed(Type type) => type == SelfType || ParserFor(type) is not null ? true : null;

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, object? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        if (value is not IMessage message)
        {
            throw new ArgumentException($"{nameof(ProtobufMessageCodec)} serializes protobuf messages, not {value?.GetType().Name}.", nameof(value));
        }

        writer.WriteFieldHeader(fieldIdDelta, expectedType, SelfType, WireType.TagDelimited);

        // The message type: field 0, a number, for the messages grain calls carry (no name to write, parse and check
        // per call), or field 1, its name, for any other. Then field 2: the protobuf encoding, length-prefixed.
        var known = Array.IndexOf(KnownTypes, value.GetType());
        if (known >= 0)
        {
            writer.WriteFieldHeaderExpected(0, WireType.VarInt);
            writer.WriteVarUInt32((uint)known);
        }
        else
        {
            ReferenceCodec.MarkValueField(writer.Session);
            writer.WriteFieldHeaderExpected(1, WireType.LengthPrefixed);
            writer.Session.TypeCodec.WriteLengthPrefixed(ref writer, value.GetType());
        }

        var size = message.CalculateSize();
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(known >= 0 ? 2u : 1u, WireType.LengthPrefixed);
        writer.WriteVarUInt32((uint)size);
        writer.EnsureContiguous(size);
        message.WriteTo(writer.WritableSpan[..size]);
        writer.AdvanceSpan(size);
        writer.WriteEndObject();
    }

    public object ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.IsReference)
        {
            return ReferenceCodec.ReadReference(ref reader, field.FieldType)!;
        }

        field.EnsureWireTypeTagDelimited();
        var placeholder = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        Type? type = null;
        IMessage? result = null;
        uint fieldId = 0;
        while (true)
        {
            var header = reader.ReadFieldHeader();
            if (header.IsEndBaseOrEndObject)
            {
                break;
            }

            fieldId += header.FieldIdDelta;
            switch (fieldId)
            {
                case 0:
                    var number = reader.ReadVarUInt32();
                    type = number < (uint)KnownTypes.Length ? KnownTypes[number]
                        : throw new RequiredFieldMissingException($"A protobuf payload arrived with an unknown message type number {number}.");
                    break;
                case 1:
                    ReferenceCodec.MarkValueField(reader.Session);
                    type = reader.Session.TypeCodec.ReadLengthPrefixed(ref reader);
                    break;
                case 2:
                    var parser = (type is null ? null : ParserFor(type))
                        ?? throw new RequiredFieldMissingException($"A protobuf payload arrived without a known message type (got {type?.FullName ?? "none"}).");
                    ReferenceCodec.MarkValueField(reader.Session);
                    result = Parse(ref reader, parser);
                    break;
                default:
                    reader.ConsumeUnknownField(header);
                    break;
            }
        }

        if (result is null)
        {
            throw new RequiredFieldMissingException("A serialized protobuf message has no payload.");
        }

        ReferenceCodec.RecordObject(reader.Session, result, placeholder);
        return result;
    }

    private static IMessage Parse<TInput>(ref Reader<TInput> reader, MessageParser parser)
    {
        var length = reader.ReadVarUInt32();
        if (length > int.MaxValue)
        {
            throw new InvalidDataException($"A protobuf payload of {length} bytes is larger than a message can be.");
        }

        var size = (int)length;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            reader.ReadBytes(buffer.AsSpan(0, size));
            return parser.ParseFrom(buffer, 0, size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The parser of a concrete generated message type (looked up once per type), or null for other types.</summary>
    private static MessageParser? ParserFor(Type type) =>
        Parsers.GetOrAdd(type, static t =>
            typeof(IMessage).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false }
            && t.GetProperty("Parser", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) is MessageParser parser
                ? parser
                : null);
}
