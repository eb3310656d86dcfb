using System.Buffers;
using JinaOrleans.Rpc;
using JinaOrleans.Rpc.Internal;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Rpc.Internal;

public sealed class GrpcFrameTests
{
    [Fact]
    public void A_frame_split_across_segments_at_every_offset_parses_the_same()
    {
        var payload = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        var frame = RawGrpcClient.Frame(payload);
        for (var split = 0; split <= frame.Length; split++)
        {
            var buffer = Segmented(frame.AsMemory(0, split), frame.AsMemory(split));

            var result = GrpcFrame.TryParse(buffer, int.MaxValue, out var compressed, out var length, out var body, out var consumed);

            Assert.Equal(FrameParseResult.Complete, result);
            Assert.False(compressed);
            Assert.Equal(40u, length);
            Assert.Equal(payload, body.ToArray());
            Assert.Equal(buffer.End, consumed);
        }
    }

    [Fact]
    public void A_partial_frame_is_incomplete_at_every_length()
    {
        var frame = RawGrpcClient.Frame(new byte[10]);
        for (var length = 0; length < frame.Length; length++)
        {
            Assert.Equal(FrameParseResult.Incomplete, GrpcFrame.TryParse(new ReadOnlySequence<byte>(frame, 0, length), int.MaxValue, out _, out _, out _, out _));
        }
    }

    [Fact]
    public void The_declared_length_is_checked_against_the_limit_before_the_body_is_there()
    {
        var header = RawGrpcClient.Frame([], declaredLength: 1001);

        Assert.Equal(FrameParseResult.TooLarge, GrpcFrame.TryParse(new ReadOnlySequence<byte>(header), 1000, out _, out var declared, out _, out _));
        Assert.Equal(1001u, declared);
        Assert.Equal(FrameParseResult.Incomplete, GrpcFrame.TryParse(new ReadOnlySequence<byte>(header), 1001, out _, out _, out _, out _));
    }

    [Fact]
    public void A_flag_other_than_0_or_1_is_invalid()
    {
        Assert.Equal(FrameParseResult.InvalidFlag, GrpcFrame.TryParse(new ReadOnlySequence<byte>([2, 0, 0, 0, 0]), 10, out _, out _, out _, out _));
        Assert.Equal(FrameParseResult.Complete, GrpcFrame.TryParse(new ReadOnlySequence<byte>([1, 0, 0, 0, 0]), 10, out var compressed, out _, out _, out _));
        Assert.True(compressed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_produces_a_prefix_and_the_payload_with_or_without_a_known_size(bool knownSize)
    {
        var marshaller = new Marshaller<byte[]>((m, w) => w.Write(m), s => s.ToArray(), knownSize ? m => m.Length : null);
        var writer = new ArrayBufferWriter<byte>();

        GrpcFrame.Write(writer, new byte[] { 7, 8, 9 }, marshaller, compression: null, maxMessageSize: 100);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 3, 7, 8, 9 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Writing_more_than_the_send_limit_is_resource_exhausted()
    {
        var writer = new ArrayBufferWriter<byte>();

        var error = Assert.Throws<RpcException>(() => GrpcFrame.Write(writer, new byte[11], LoopbackGrpcServer.Bytes, null, 10));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0, writer.WrittenCount);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public void Compressed_frames_round_trip(string encoding)
    {
        var provider = StreamCompressionProvider.Find(encoding)!;
        var payload = Enumerable.Repeat((byte)'a', 10_000).ToArray();
        var writer = new ArrayBufferWriter<byte>();

        GrpcFrame.Write(writer, payload, LoopbackGrpcServer.Bytes, provider, int.MaxValue);
        var result = GrpcFrame.TryParse(new ReadOnlySequence<byte>(writer.WrittenMemory), int.MaxValue, out var compressed, out var length, out var body, out _);
        var message = GrpcFrame.ReadMessage(body, compressed, provider, encoding, LoopbackGrpcServer.Bytes, int.MaxValue, "test");

        Assert.Equal(FrameParseResult.Complete, result);
        Assert.True(compressed);
        Assert.True(length < 1000, $"compressed to {length} bytes");
        Assert.Equal(payload, message);
    }

    [Fact]
    public void Deflate_is_the_zlib_format()
    {
        var writer = new ArrayBufferWriter<byte>();
        StreamCompressionProvider.Deflate.Compress([1, 2, 3], writer);

        // RFC 1950 header: CMF 0x78 (deflate, 32K window), and (CMF*256 + FLG) divisible by 31.
        Assert.Equal(0x78, writer.WrittenSpan[0]);
        Assert.Equal(0, ((writer.WrittenSpan[0] << 8) | writer.WrittenSpan[1]) % 31);
    }

    [Fact]
    public void A_decompression_bomb_stops_at_the_limit()
    {
        var writer = new ArrayBufferWriter<byte>();
        StreamCompressionProvider.Gzip.Compress(new byte[1_000_000], writer);
        var output = new ArrayBufferWriter<byte>();

        var error = Assert.Throws<RpcException>(() => StreamCompressionProvider.Gzip.Decompress(new ReadOnlySequence<byte>(writer.WrittenMemory), output, 1000));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public void A_parse_failure_is_internal_and_names_the_message()
    {
        var marshaller = new Marshaller<int>((_, _) => { }, _ => throw new FormatException("bad bytes"));

        var error = Assert.Throws<RpcException>(() => GrpcFrame.ReadMessage(ReadOnlySequence<byte>.Empty, false, null, "identity", marshaller, 10, "request"));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal("Failed to deserialize the request message: bad bytes", error.Status.Detail);
    }

    private static ReadOnlySequence<byte> Segmented(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
    {
        var head = new Segment(first, 0);
        var tail = head.Append(second);
        return new ReadOnlySequence<byte>(head, 0, tail, tail.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
