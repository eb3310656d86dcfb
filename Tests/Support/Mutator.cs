using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;

namespace JinaOrleans.Tests.Support;

/// <summary>
/// Malformed input for the gateways, reproducible from a seed: random bytes; a valid message with a few bytes
/// flipped, cut short, bytes that are never valid UTF-8 (or start a sequence that does not go on) inserted, parts
/// repeated or dropped; and a valid request with values that parse but make no sense (an array whose shape does not
/// fit its buffer, nesting near the parser's limit, non-finite numbers, a bad target_executor pattern).
/// </summary>
internal sealed class Mutator(int seed)
{
    // 0xFF and 0xFE never occur in UTF-8; 0xC3 starts a two-byte sequence; 0xC0 0xAF is overlong; 0xED 0xA0 0x80 a surrogate.
    private static readonly byte[][] BadUtf8 = [[0xFF], [0xFE], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xF0, 0x9F]];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>Up to <paramref name="maxLength"/> random bytes.</summary>
    public byte[] RandomBytes(int maxLength)
    {
        var bytes = new byte[_random.Next(0, maxLength + 1)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary><paramref name="valid"/> after one to three random mutations.</summary>
    public byte[] Mutate(byte[] valid)
    {
        var bytes = new List<byte>(valid);
        var count = _random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(bytes);
        }

        return [.. bytes];
    }

    /// <summary><paramref name="valid"/> with one byte changed: mostly still a message that parses.</summary>
    public byte[] Flip(byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        if (bytes.Length > 0)
        {
            bytes[_random.Next(bytes.Length)] ^= (byte)_random.Next(1, 256);
        }

        return bytes;
    }

    /// <summary>A copy of <paramref name="valid"/> (a request with at least one document) with one value that parses but makes no sense.</summary>
    public DataRequestProto Twist(DataRequestProto valid)
    {
        var request = valid.Clone();
        var doc = request.Data.Docs.Docs[^1];
        var array = doc.Embedding ??= NdArray.FromFloats([1, 2, 3, 4], 2, 2).Proto;
        switch (_random.Next(0, 10))
        {
            case 0:
                array.Dense.Shape.Clear();
                array.Dense.Shape.Add(_random.Next(2) == 0 ? uint.MaxValue : (uint)_random.Next(0, 100));
                break;
            case 1:
                array.Dense.Dtype = new[] { "<f3", string.Empty, "|S10", ">f8", "object", "<c16", "<u8" }[_random.Next(7)];
                break;
            case 2:
                array.Dense.Buffer = ByteString.CopyFrom(new byte[_random.Next(0, 7)]);
                break;
            case 3:
                var nested = new DocumentProto { Id = "deep", Text = "deep" };
                for (var depth = _random.Next(10, 120); depth > 0; depth--)
                {
                    nested = new DocumentProto { Id = "d", Chunks = { nested } };
                }

                request.Data.Docs.Docs.Add(nested);
                break;
            case 4:
                var value = Value.ForString("deep");
                for (var depth = _random.Next(10, 120); depth > 0; depth--)
                {
                    value = Value.ForStruct(new Struct { Fields = { ["d"] = value } });
                }

                request.Parameters.Fields["deep"] = value;
                break;
            case 5:
                doc.Granularity = uint.MaxValue;
                doc.Weight = float.NaN;
                doc.Offset = float.NegativeInfinity;
                doc.Location.Add(float.NaN);
                doc.Scores["nan"] = new NamedScoreProto { Value = float.NaN };
                request.Parameters.Fields["inf"] = Value.ForNumber(double.PositiveInfinity);
                break;
            case 6:
                doc.Text = new[] { "\0", "\uFFFD", new string('x', 10_000), "\u0001\u001F\u007F", string.Empty }[_random.Next(5)];
                doc.Id = _random.Next(2) == 0 ? string.Empty : request.Data.Docs.Docs[0].Id;
                break;
            case 7:
                request.Header.TargetExecutor = new[] { "[", ")", "(a+)+$", "(?<", "\\", "*", ".*", "executor0", "\0" }[_random.Next(9)];
                break;
            case 8:
                request.Header.ExecEndpoint = new[] { string.Empty, "//", "/_jina_dry_run_", new string('/', 1000), "\0", "/nope" }[_random.Next(6)];
                break;
            default:
                request.Header = null;
                request.Parameters = null;
                break;
        }

        return request;
    }

    private void MutateOnce(List<byte> bytes)
    {
        var at = _random.Next(0, bytes.Count + 1);
        switch (_random.Next(0, 6))
        {
            case 0 when bytes.Count > 0: // flip bits of one byte
                at = Math.Min(at, bytes.Count - 1);
                bytes[at] ^= (byte)_random.Next(1, 256);
                break;
            case 1: // cut short
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 2: // bytes that are not UTF-8
                bytes.InsertRange(at, BadUtf8[_random.Next(BadUtf8.Length)]);
                break;
            case 3 when bytes.Count > 0: // a part repeated
                var start = Math.Min(at, bytes.Count - 1);
                var length = _random.Next(1, Math.Min(64, bytes.Count - start) + 1);
                bytes.InsertRange(_random.Next(0, bytes.Count + 1), bytes.GetRange(start, length));
                break;
            case 4 when bytes.Count > 0: // a part dropped
                var from = Math.Min(at, bytes.Count - 1);
                bytes.RemoveRange(from, _random.Next(1, Math.Min(16, bytes.Count - from) + 1));
                break;
            default: // one random byte
                bytes.Insert(at, (byte)_random.Next(0, 256));
                break;
        }
    }
}
