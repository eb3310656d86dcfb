using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace JinaOrleans.Protos.Json;

/// <summary>
/// JSON text from the network, read so that bad input always fails as a <see cref="JsonException"/>. System.Text.Json
/// checks the syntax but not the bytes inside strings, and later throws <see cref="InvalidOperationException"/> when a
/// string is read that is not valid UTF-8 or is an unpaired surrogate escape (<c>"\ud800"</c>). So a document is parsed
/// only once all of it is valid UTF-8 (RFC 8259 §8.1), and strings and names are read through here.
/// </summary>
internal static class JsonText
{
    /// <summary>Parses a document; text that is not valid UTF-8 fails with the position of the first bad byte.</summary>
    public static JsonDocument Parse(ReadOnlySequence<byte> utf8)
    {
        var invalid = IndexOfInvalidUtf8(utf8);
        if (invalid >= 0)
        {
            throw InvalidUtf8(utf8, invalid);
        }

        return JsonDocument.Parse(utf8);
    }

    /// <inheritdoc cref="Parse(ReadOnlySequence{byte})"/>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8) => Parse(new ReadOnlySequence<byte>(utf8));

    /// <summary>A string value; one that is not valid Unicode fails as bad JSON.</summary>
    public static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException ex) when (element.ValueKind == JsonValueKind.String)
        {
            throw NotUnicode(ex);
        }
    }

    /// <summary>A property name; one that is not valid Unicode fails as bad JSON.</summary>
    public static string Name(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException ex)
        {
            throw NotUnicode(ex);
        }
    }

    /// <summary><see cref="JsonElement.ToString"/> (a string's value, else the raw JSON text); text that is not valid Unicode fails as bad JSON.</summary>
    public static string ToText(JsonElement element)
    {
        try
        {
            return element.ToString();
        }
        catch (InvalidOperationException ex) when (element.ValueKind != JsonValueKind.Undefined)
        {
            throw NotUnicode(ex);
        }
    }

    /// <summary>The offset of the first byte that does not start a valid UTF-8 sequence, or -1 when all of it is valid.</summary>
    public static long IndexOfInvalidUtf8(ReadOnlySequence<byte> utf8)
    {
        if (utf8.IsSingleSegment)
        {
            return IndexOfInvalidUtf8(utf8.FirstSpan);
        }

        // A sequence split between segments is checked whole: its first bytes are carried on to the next segment.
        Span<byte> carry = stackalloc byte[4];
        var carried = 0;
        long offset = 0; // of the first byte not yet checked (carry[0] while carrying)
        foreach (var segment in utf8)
        {
            var span = segment.Span;
            if (carried > 0)
            {
                var length = SequenceLength(carry[0]);
                var take = Math.Min(length - carried, span.Length);
                span[..take].CopyTo(carry[carried..]);
                carried += take;
                span = span[take..];
                if (carried < length)
                {
                    continue;
                }

                if (!Utf8.IsValid(carry[..carried]))
                {
                    return offset;
                }

                offset += carried;
                carried = 0;
            }

            var complete = CompletePrefixLength(span);
            var index = IndexOfInvalidUtf8(span[..complete]);
            if (index >= 0)
            {
                return offset + index;
            }

            offset += complete;
            span[complete..].CopyTo(carry);
            carried = span.Length - complete;
        }

        return carried > 0 ? offset : -1;
    }

    private static int IndexOfInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return -1;
        }

        var index = 0;
        while (Rune.DecodeFromUtf8(utf8[index..], out _, out var consumed) == OperationStatus.Done)
        {
            index += consumed;
        }

        return index;
    }

    /// <summary>How much of <paramref name="span"/> ends on a sequence boundary: all of it, unless it ends inside a sequence that a valid lead byte started.</summary>
    private static int CompletePrefixLength(ReadOnlySpan<byte> span)
    {
        for (var back = 1; back <= Math.Min(3, span.Length); back++)
        {
            var b = span[^back];
            if ((b & 0xC0) != 0x80)
            {
                return SequenceLength(b) > back ? span.Length - back : span.Length;
            }
        }

        return span.Length;
    }

    /// <summary>The length of the sequence a lead byte starts (1 for ASCII and for bytes that cannot start one).</summary>
    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 1,
    };

    /// <summary>The error for a bad byte at <paramref name="offset"/>, with its line and position as the reader reports them.</summary>
    private static JsonException InvalidUtf8(ReadOnlySequence<byte> utf8, long offset)
    {
        long line = 0;
        long lineStart = 0;
        long position = 0;
        foreach (var segment in utf8.Slice(0, offset))
        {
            var span = segment.Span;
            for (var i = span.IndexOf((byte)'\n'); i >= 0; i = span.IndexOf((byte)'\n'))
            {
                line++;
                lineStart = position + i + 1;
                position += i + 1;
                span = span[(i + 1)..];
            }

            position += span.Length;
        }

        var inLine = offset - lineStart;
        Span<byte> bad = stackalloc byte[1];
        utf8.Slice(offset, 1).CopyTo(bad);
        return new JsonException(
            string.Create(CultureInfo.InvariantCulture, $"'0x{bad[0]:X2}' does not start a valid UTF-8 sequence; JSON text must be UTF-8. LineNumber: {line} | BytePositionInLine: {inLine}."),
            path: null,
            line,
            inLine);
    }

    private static JsonException NotUnicode(InvalidOperationException ex) =>
        new($"A JSON string is not valid Unicode (invalid UTF-8, or an unpaired surrogate escape): {ex.Message}", ex);
}
