using System.Buffers;
using System.Buffers.Binary;

namespace JinaOrleans.Rpc.Internal;

/// <summary>The outcome of looking for one length-prefixed message in a buffer.</summary>
internal enum FrameParseResult
{
    /// <summary>A whole frame is available.</summary>
    Complete,

    /// <summary>More bytes are needed.</summary>
    Incomplete,

    /// <summary>The declared length exceeds the limit; no need to wait for the body.</summary>
    TooLarge,

    /// <summary>The compressed-flag byte is neither 0 nor 1.</summary>
    InvalidFlag,
}

/// <summary>Pure parsing and writing of gRPC's 5-byte length-prefixed frames.</summary>
internal static class GrpcFrame
{
    /// <summary>
    /// Looks for one frame at the start of <paramref name="buffer"/>. On <see cref="FrameParseResult.Complete"/>,
    /// <paramref name="payload"/> is the message bytes and <paramref name="consumed"/> the position after them.
    /// </summary>
    public static FrameParseResult TryParse(
        in ReadOnlySequence<byte> buffer,
        int maxMessageSize,
        out bool compressed,
        out uint declaredLength,
        out ReadOnlySequence<byte> payload,
        out SequencePosition consumed)
    {
        compressed = false;
        declaredLength = 0;
        payload = default;
        consumed = buffer.Start;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return FrameParseResult.Incomplete;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        var flag = header[0];
        if (flag > 1)
        {
            return FrameParseResult.InvalidFlag;
        }

        compressed = flag == 1;
        declaredLength = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (declaredLength > (uint)maxMessageSize)
        {
            return FrameParseResult.TooLarge;
        }

        if (buffer.Length - GrpcProtocol.HeaderSize < declaredLength)
        {
            return FrameParseResult.Incomplete;
        }

        payload = buffer.Slice(GrpcProtocol.HeaderSize, declaredLength);
        consumed = payload.End;
        return FrameParseResult.Complete;
    }

    /// <summary>Writes the 5-byte prefix into <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>
    /// Writes one frame holding <paramref name="message"/> into <paramref name="writer"/>.
    /// With a known size and no compression the message is serialized in place; otherwise
    /// it is serialized (and compressed) into a pooled buffer first.
    /// </summary>
    public static void Write<T>(IBufferWriter<byte> writer, T message, Marshaller<T> marshaller, ICompressionProvider? compression, int maxMessageSize)
    {
        if (compression is null && marshaller.SizeCalculator is { } sizeOf)
        {
            var size = sizeOf(message);
            CheckSize(size, maxMessageSize);
            var span = writer.GetSpan(GrpcProtocol.HeaderSize);
            WriteHeader(span, compressed: false, size);
            writer.Advance(GrpcProtocol.HeaderSize);
            if (size > 0)
            {
                marshaller.Serializer(message, writer);
            }

            return;
        }

        using var scratch = new PooledBufferWriter();
        marshaller.Serializer(message, scratch);
        if (compression is null)
        {
            CheckSize(scratch.WrittenCount, maxMessageSize);
            WritePayload(writer, scratch.WrittenSpan, compressed: false);
            return;
        }

        using var compressedBuffer = new PooledBufferWriter();
        compression.Compress(scratch.WrittenSpan, compressedBuffer);
        CheckSize(compressedBuffer.WrittenCount, maxMessageSize);
        WritePayload(writer, compressedBuffer.WrittenSpan, compressed: true);
    }

    /// <summary>One frame holding <paramref name="message"/>, in memory of its own (a request body).</summary>
    public static ReadOnlyMemory<byte> ToMemory<T>(T message, Marshaller<T> marshaller, ICompressionProvider? compression, int maxMessageSize)
    {
        if (compression is null && marshaller.SizeCalculator is { } sizeOf)
        {
            // Exactly the frame's size: serialized once, in place, never copied.
            var size = sizeOf(message);
            CheckSize(size, maxMessageSize);
            var exact = new ArrayBufferWriter<byte>(GrpcProtocol.HeaderSize + size);
            WriteHeader(exact.GetSpan(GrpcProtocol.HeaderSize), compressed: false, size);
            exact.Advance(GrpcProtocol.HeaderSize);
            if (size > 0)
            {
                marshaller.Serializer(message, exact);
            }

            return exact.WrittenMemory;
        }

        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, message, marshaller, compression, maxMessageSize);
        return buffer.WrittenMemory;
    }

    private static void WritePayload(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload, bool compressed)
    {
        var span = writer.GetSpan(GrpcProtocol.HeaderSize + payload.Length);
        WriteHeader(span, compressed, payload.Length);
        payload.CopyTo(span[GrpcProtocol.HeaderSize..]);
        writer.Advance(GrpcProtocol.HeaderSize + payload.Length);
    }

    private static void CheckSize(int size, int maxMessageSize)
    {
        if (size > maxMessageSize)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} > {maxMessageSize} bytes)."));
        }
    }

    /// <summary>Deserializes a frame's payload, decompressing it first when flagged.</summary>
    public static T ReadMessage<T>(
        in ReadOnlySequence<byte> payload,
        bool compressed,
        ICompressionProvider? decompressor,
        string encodingName,
        Marshaller<T> marshaller,
        int maxMessageSize,
        string what)
    {
        try
        {
            if (!compressed)
            {
                return marshaller.Deserializer(payload);
            }

            if (decompressor is null)
            {
                throw new RpcException(new Status(
                    StatusCode.Internal,
                    $"The {what} message is compressed but the call declares no supported grpc-encoding ('{encodingName}')."));
            }

            using var inflated = new PooledBufferWriter();
            decompressor.Decompress(payload, inflated, maxMessageSize);
            return marshaller.Deserializer(new ReadOnlySequence<byte>(inflated.WrittenMemory));
        }
        catch (RpcException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize the {what} message: {ex.Message}"), ex);
        }
    }
}
