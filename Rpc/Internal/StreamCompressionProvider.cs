using System.Buffers;
using System.IO.Compression;

namespace JinaOrleans.Rpc.Internal;

/// <summary>
/// gzip (RFC 1952) and gRPC's "deflate", which is the zlib format (RFC 1950), on System.IO.Compression.
/// </summary>
internal sealed class StreamCompressionProvider : ICompressionProvider
{
    public static readonly StreamCompressionProvider Gzip = new("gzip", static (s, mode) => new GZipStream(s, mode, leaveOpen: true));
    public static readonly StreamCompressionProvider Deflate = new("deflate", static (s, mode) => new ZLibStream(s, mode, leaveOpen: true));

    private readonly Func<Stream, CompressionMode, Stream> _factory;

    private StreamCompressionProvider(string name, Func<Stream, CompressionMode, Stream> factory)
    {
        EncodingName = name;
        _factory = factory;
    }

    public string EncodingName { get; }

    /// <summary>Finds the provider for an encoding name; null for identity or an unknown name.</summary>
    public static ICompressionProvider? Find(string? name) => name switch
    {
        "gzip" => Gzip,
        "deflate" => Deflate,
        _ => null,
    };

    public void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination)
    {
        using var output = new BufferWriterStream(destination);
        using (var compressor = _factory(output, CompressionMode.Compress))
        {
            compressor.Write(source);
        }
    }

    public void Decompress(in ReadOnlySequence<byte> source, IBufferWriter<byte> destination, int maxSize)
    {
        using var input = new ReadOnlySequenceStream(source);
        using var decompressor = _factory(input, CompressionMode.Decompress);
        var total = 0L;
        while (true)
        {
            var span = destination.GetSpan(16 * 1024);
            var read = decompressor.Read(span);
            if (read == 0)
            {
                return;
            }

            total += read;
            if (total > maxSize)
            {
                throw new RpcException(new Status(
                    StatusCode.ResourceExhausted,
                    $"Decompressed message exceeds the maximum configured message size ({maxSize} bytes)."));
            }

            destination.Advance(read);
        }
    }

    /// <summary>A write-only stream over an <see cref="IBufferWriter{T}"/>.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> writer) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var span = writer.GetSpan(buffer.Length);
            buffer.CopyTo(span);
            writer.Advance(buffer.Length);
        }
    }

    /// <summary>A read-only stream over a <see cref="ReadOnlySequence{T}"/>.</summary>
    private sealed class ReadOnlySequenceStream(ReadOnlySequence<byte> sequence) : Stream
    {
        private ReadOnlySequence<byte> _remaining = sequence;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, _remaining.Length);
            _remaining.Slice(0, count).CopyTo(buffer);
            _remaining = _remaining.Slice(count);
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
