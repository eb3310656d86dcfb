namespace JinaOrleans.Protos.Wire;

/// <summary>
/// Reads protobuf's wire format (tags, varints, lengths) without knowing the message: what
/// <see cref="FlavourDetector"/> needs to look at bytes before deciding which message they are.
/// </summary>
internal ref struct WireReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public WireReader(ReadOnlySpan<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly bool End => _position >= _span.Length;

    /// <summary>Reads the next field: its number, wire type and (for length-delimited fields) content. False when the bytes are not well-formed.</summary>
    public bool TryReadField(out int field, out int wireType, out ReadOnlySpan<byte> content)
    {
        content = default;
        field = 0;
        wireType = 0;
        if (!TryReadVarint(out var tag) || tag > uint.MaxValue)
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0)
        {
            return false;
        }

        switch (wireType)
        {
            case Varint:
                return TryReadVarint(out _);
            case Fixed64:
                return TryAdvance(8, out content);
            case Fixed32:
                return TryAdvance(4, out content);
            case LengthDelimited:
                return TryReadVarint(out var length) && length <= int.MaxValue && TryAdvance((int)length, out content);
            default:
                // Groups (3, 4) are not used by any Jina message; 6 and 7 do not exist.
                return false;
        }
    }

    private bool TryAdvance(int count, out ReadOnlySpan<byte> content)
    {
        if (count > _span.Length - _position)
        {
            content = default;
            return false;
        }

        content = _span.Slice(_position, count);
        _position += count;
        return true;
    }

    private bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _span.Length)
            {
                return false;
            }

            var b = _span[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
