using System.Buffers;

namespace JinaOrleans.Rpc.Internal;

/// <summary>One message encoding named in <c>grpc-encoding</c>.</summary>
internal interface ICompressionProvider
{
    string EncodingName { get; }

    void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination);

    /// <summary>Inflates <paramref name="source"/>; fails with RESOURCE_EXHAUSTED past <paramref name="maxSize"/> bytes.</summary>
    void Decompress(in ReadOnlySequence<byte> source, IBufferWriter<byte> destination, int maxSize);
}
