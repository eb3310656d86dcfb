using System.Buffers;

namespace JinaOrleans.Rpc;

/// <summary>Turns messages of type <typeparamref name="T"/> into bytes and back.</summary>
/// <param name="serializer">Writes the message into a buffer writer.</param>
/// <param name="deserializer">Parses a message from a (possibly segmented) buffer.</param>
/// <param name="sizeCalculator">
/// Optional: the exact serialized size, which lets a frame be written straight into the
/// transport's buffer without an intermediate copy.
/// </param>
public sealed class Marshaller<T>(
    Action<T, IBufferWriter<byte>> serializer,
    Func<ReadOnlySequence<byte>, T> deserializer,
    Func<T, int>? sizeCalculator = null)
{
    public Action<T, IBufferWriter<byte>> Serializer { get; } = serializer ?? throw new ArgumentNullException(nameof(serializer));

    public Func<ReadOnlySequence<byte>, T> Deserializer { get; } = deserializer ?? throw new ArgumentNullException(nameof(deserializer));

    public Func<T, int>? SizeCalculator { get; } = sizeCalculator;
}
