using System.Buffers;
using System.Text;
using System.Text.Json;
using JinaOrleans.Protos.Json;
using Xunit;

namespace JinaOrleans.Tests.Protos.Json;

/// <summary>
/// JsonText: JSON from the network that is not valid UTF-8, or holds a string that is not valid Unicode, fails as a
/// JsonException (what the gateways answer as bad JSON), never as the InvalidOperationException System.Text.Json throws.
/// </summary>
public sealed class JsonTextTests
{
    [Fact]
    public void Invalid_utf8_inside_a_string_fails_with_its_line_and_position()
    {
        var ex = Assert.Throws<JsonException>(() => JsonText.Parse(Bytes("{\"data\":\n[{\"text\":\"", 0xFF, 0xFE, "\"}]}")));

        Assert.Equal(1, ex.LineNumber);
        Assert.Equal(10, ex.BytePositionInLine);
        Assert.Contains("'0xFF' does not start a valid UTF-8 sequence", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })] // a truncated two-byte sequence
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // beyond U+10FFFF
    [InlineData(new byte[] { 0x80 })] // a lone continuation byte
    public void Every_kind_of_invalid_utf8_fails_as_json(byte[] bad)
    {
        Assert.Throws<JsonException>(() => JsonText.Parse(Bytes("{\"a\":\"x", bad, "\"}")));
        Assert.Throws<JsonException>(() => JsonText.Parse(Bytes("{\"", bad, "\":1}")));
    }

    [Fact]
    public void Valid_utf8_and_escapes_parse()
    {
        using var document = JsonText.Parse(Encoding.UTF8.GetBytes("{\"a\":\"é€😀\",\"b\":\"\\ud83d\\ude00\"}"));

        Assert.Equal("é€😀", JsonText.GetString(document.RootElement.GetProperty("a")));
        Assert.Equal("😀", JsonText.GetString(document.RootElement.GetProperty("b")));
    }

    [Fact]
    public void An_unpaired_surrogate_escape_fails_as_json_in_a_value_a_name_and_raw_text()
    {
        using var document = JsonDocument.Parse("""{"v": "\ud800", "\udc00": 1, "list": ["\ud800"]}""");
        var properties = document.RootElement.EnumerateObject().ToArray();

        var value = Assert.Throws<JsonException>(() => JsonText.GetString(properties[0].Value));
        Assert.Throws<JsonException>(() => JsonText.Name(properties[1]));
        Assert.Throws<JsonException>(() => JsonText.ToText(properties[2].Value[0]));

        Assert.IsType<InvalidOperationException>(value.InnerException);
        Assert.Contains("not valid Unicode", value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Getting_a_string_from_a_number_is_still_a_programming_error()
    {
        using var document = JsonDocument.Parse("1");

        Assert.Throws<InvalidOperationException>(() => JsonText.GetString(document.RootElement));
    }

    [Fact]
    public void A_request_with_an_unpaired_surrogate_anywhere_fails_as_json()
    {
        string[] bodies =
        [
            """{"data": [{"text": "\ud800"}]}""",
            """{"data": [{"tags": {"\udfff": 1}}]}""",
            """{"parameters": {"k": ["\ud800"]}}""",
            """{"execEndpoint": "\ud800"}""",
            """{"data": [{"scores": {"s": {"op_name": "\ud800"}}}]}""",
        ];

        foreach (var body in bodies)
        {
            using var document = JsonText.Parse(Encoding.UTF8.GetBytes(body));
            Assert.Throws<JsonException>(() => DataRequestJson.ReadRequest(document.RootElement, endpoint: null, []));
        }
    }

    [Fact]
    public void A_response_with_a_bad_route_time_or_status_code_fails_as_json()
    {
        using var time = JsonDocument.Parse("""{"routes": [{"executor": "e", "startTime": "yesterday"}]}""");
        using var code = JsonDocument.Parse("""{"header": {"status": {"code": 1.5}}}""");

        Assert.Throws<JsonException>(() => DataRequestJson.ReadResponse(time.RootElement));
        Assert.Throws<JsonException>(() => DataRequestJson.ReadResponse(code.RootElement));
    }

    [Fact]
    public void The_first_invalid_byte_is_found_however_the_text_is_split_into_segments()
    {
        var random = new Random(20240611);
        byte[][] pieces = [[0x41], [0x22], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F], [0x80], [0xED, 0xA0, 0x80], [0xC0, 0x80]];
        for (var round = 0; round < 2000; round++)
        {
            var text = new List<byte>();
            var count = random.Next(0, 12);
            for (var i = 0; i < count; i++)
            {
                // Mostly valid pieces, so that the first invalid byte is often not at the start.
                text.AddRange(pieces[random.Next(0, random.Next(2) == 0 ? 5 : pieces.Length)]);
            }

            var bytes = text.ToArray();
            var expected = ReferenceIndexOfInvalid(bytes);
            Assert.Equal(expected, JsonText.IndexOfInvalidUtf8(new ReadOnlySequence<byte>(bytes)));
            Assert.Equal(expected, JsonText.IndexOfInvalidUtf8(Split(bytes, random)));
        }
    }

    /// <summary>The offset of the first invalid sequence by decoding from the start, one scalar at a time.</summary>
    private static long ReferenceIndexOfInvalid(byte[] bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes.AsSpan(index), out _, out var consumed) != OperationStatus.Done)
            {
                return index;
            }

            index += consumed;
        }

        return -1;
    }

    /// <summary>The bytes as a sequence of random segments, some of them empty.</summary>
    private static ReadOnlySequence<byte> Split(byte[] bytes, Random random)
    {
        var first = new Segment(ReadOnlyMemory<byte>.Empty, 0);
        var last = first;
        var position = 0;
        while (position < bytes.Length)
        {
            var length = Math.Min(random.Next(0, 4), bytes.Length - position);
            last = last.Append(bytes.AsMemory(position, length));
            position += length;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(p => p switch
        {
            string s => Encoding.UTF8.GetBytes(s),
            byte[] b => b,
            int i => [(byte)i],
            _ => throw new ArgumentException("strings, byte arrays or bytes", nameof(parts)),
        })];

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
