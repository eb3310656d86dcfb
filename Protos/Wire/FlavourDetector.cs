using System.Text.Unicode;

namespace JinaOrleans.Protos.Wire;

/// <summary>
/// Tells docarray v1 documents from v2 ones in the bytes of a Jina message, before it is parsed.
/// </summary>
/// <remarks>
/// Hand-written because no protobuf library answers "which of two schemas do these bytes follow": Google.Protobuf
/// parses any well-formed bytes as any message (unknown fields are skipped, a repeated singular field keeps its last
/// value), which is how a v2 request read as v1 turns into garbage documents. The rules, per document:
/// <list type="bullet">
/// <item>v1 (<c>DocumentProto</c>): only fields 1–20, each with its own wire type, the singular ones (and the
/// content oneof) at most once, the text fields UTF-8 — what every v1 encoder writes.</item>
/// <item>v2 (<c>DocProto</c>): only field 1 (the data map); each entry only a UTF-8 key (1) and a
/// <c>NodeProto</c> (2) whose fields are 1–13 with their wire types and at most one content.</item>
/// </list>
/// Real documents satisfy exactly one rule: a v2 document writes field 1 once per schema field (a <c>TextDoc</c> has
/// five), a v1 one writes its id once and its content in field 2, 3 or 4. A v2 document of a single field would pass
/// the v1 rule, so a v1 id that is itself a v2 data entry (it starts with byte 0x0A, a control character no real id
/// holds) is not v1; then the only bytes both rules accept are empty documents, which are served as v1. Only the top
/// level of each document (and of each v2 entry) is read: a walk over the bytes, a fraction of the parse that follows.
/// </remarks>
internal static class FlavourDetector
{
    private const int DataField = 4;
    private const int DocumentField = 4;
    private const int InternalField = 1000;

    /// <summary>Inspects a <c>jina.DataRequestProto</c>.</summary>
    public static void InspectDataRequest(ReadOnlySpan<byte> message, ref FlavourInspection inspection)
    {
        var reader = new WireReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var content))
            {
                inspection.Malformed ??= "the bytes are not well-formed protobuf";
                return;
            }

            if (field == DataField && wireType == WireReader.LengthDelimited)
            {
                InspectDataContent(content, ref inspection);
            }
        }
    }

    /// <summary>Inspects a <c>jina.DataRequestListProto</c> (the worker's <c>process_data</c>).</summary>
    public static void InspectDataRequestList(ReadOnlySpan<byte> message, ref FlavourInspection inspection)
    {
        var reader = new WireReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var content))
            {
                inspection.Malformed ??= "the bytes are not well-formed protobuf";
                return;
            }

            if (field == 1 && wireType == WireReader.LengthDelimited)
            {
                InspectDataRequest(content, ref inspection);
            }
        }
    }

    /// <summary>Inspects a <c>jina.SingleDocumentRequestProto</c> (<c>stream_doc</c>).</summary>
    public static void InspectSingleDocumentRequest(ReadOnlySpan<byte> message, ref FlavourInspection inspection)
    {
        var reader = new WireReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var content))
            {
                inspection.Malformed ??= "the bytes are not well-formed protobuf";
                return;
            }

            if (field == DocumentField && wireType == WireReader.LengthDelimited)
            {
                InspectDocument(content, ref inspection);
            }
            else if (field == InternalField)
            {
                inspection.Malformed ??= "field 1000 is not a Jina field";
            }
        }
    }

    /// <summary>Inspects one encoded document.</summary>
    public static void InspectDocument(ReadOnlySpan<byte> document, ref FlavourInspection inspection)
    {
        var index = inspection.Documents++;
        if (inspection.NotV1 is null && CheckV1(document) is { } notV1)
        {
            inspection.NotV1 = notV1;
            inspection.NotV1Document = index;
        }

        if (inspection.NotV2 is null && CheckV2(document) is { } notV2)
        {
            inspection.NotV2 = notV2;
            inspection.NotV2Document = index;
        }
    }

    private static void InspectDataContent(ReadOnlySpan<byte> content, ref FlavourInspection inspection)
    {
        var reader = new WireReader(content);
        while (!reader.End)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var list))
            {
                inspection.Malformed ??= "the data field is not well-formed protobuf";
                return;
            }

            if (field == InternalField)
            {
                inspection.Malformed ??= "field 1000 of data is not a Jina field";
                return;
            }

            if (field != 1 || wireType != WireReader.LengthDelimited)
            {
                continue;
            }

            var docs = new WireReader(list);
            while (!docs.End)
            {
                if (!docs.TryReadField(out var docField, out var docWireType, out var document))
                {
                    inspection.Malformed ??= "the document list is not well-formed protobuf";
                    return;
                }

                if (docField == 1 && docWireType == WireReader.LengthDelimited)
                {
                    InspectDocument(document, ref inspection);
                }
            }
        }
    }

    /// <summary>Null when <paramref name="document"/> reads as a v1 <c>DocumentProto</c>, else why not.</summary>
    private static string? CheckV1(ReadOnlySpan<byte> document)
    {
        var reader = new WireReader(document);
        var seen = 0u;
        while (!reader.End)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var content))
            {
                return "not well-formed protobuf";
            }

            var expected = field switch
            {
                5 or 6 => WireReader.Varint,
                8 or 12 => WireReader.Fixed32,
                13 => wireType == WireReader.Fixed32 ? WireReader.Fixed32 : WireReader.LengthDelimited,
                >= 1 and <= 20 => WireReader.LengthDelimited,
                _ => -1,
            };
            if (expected < 0)
            {
                return $"field {field} is not a DocumentProto field";
            }

            if (wireType != expected)
            {
                return $"field {field} has wire type {wireType}, not {expected}";
            }

            if (field is not (13 or 14 or 15 or 18 or 19))
            {
                // The content oneof (blob 2, tensor 3, text 4) is one slot.
                var bit = 1u << (field is 2 or 3 or 4 ? 2 : field);
                if ((seen & bit) != 0)
                {
                    return field == 1
                        ? "field 1 (id) appears more than once, as the entries of a docarray v2 DocProto do"
                        : $"field {field} appears more than once";
                }

                seen |= bit;
            }

            if (field is 1 or 4 or 7 or 9 or 10 or 11 && !Utf8.IsValid(content))
            {
                return $"field {field} is not UTF-8 text";
            }

            // An id that is itself a v2 data entry (a key and a value, starting with the key's tag 0x0A) is the one
            // entry of a single-field v2 document: no v1 encoder writes such an id.
            if (field == 1 && content.Length > 1 && content[0] == 0x0A && CheckEntry(content) is null)
            {
                return "field 1 (id) holds a docarray v2 data entry, as a DocProto of one field does";
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="document"/> reads as a v2 <c>DocProto</c>, else why not.</summary>
    private static string? CheckV2(ReadOnlySpan<byte> document)
    {
        var reader = new WireReader(document);
        while (!reader.End)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var entry))
            {
                return "not well-formed protobuf";
            }

            if (field != 1 || wireType != WireReader.LengthDelimited)
            {
                return $"field {field} is not a DocProto field (a DocProto holds only its data map, field 1)";
            }

            if (CheckEntry(entry) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="entry"/> reads as one entry of a v2 data map (a UTF-8 key, a NodeProto), else why not.</summary>
    private static string? CheckEntry(ReadOnlySpan<byte> entry)
    {
        var reader = new WireReader(entry);
        while (!reader.End)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var value))
            {
                return "a data entry is not well-formed protobuf";
            }

            if (wireType != WireReader.LengthDelimited || field is not (1 or 2))
            {
                return $"a data entry holds field {field} with wire type {wireType}";
            }

            if (field == 1 && !Utf8.IsValid(value))
            {
                return "a data key is not UTF-8 text";
            }

            if (field == 2 && CheckNode(value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? CheckNode(ReadOnlySpan<byte> node)
    {
        var reader = new WireReader(node);
        var contents = 0;
        while (!reader.End)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var content))
            {
                return "a NodeProto is not well-formed protobuf";
            }

            var expected = field switch
            {
                2 or 4 => WireReader.Varint,
                3 => WireReader.Fixed64,
                >= 1 and <= 13 => WireReader.LengthDelimited,
                _ => -1,
            };
            if (expected < 0 || wireType != expected)
            {
                return $"a NodeProto holds field {field} with wire type {wireType}";
            }

            if (field <= 12 && ++contents > 1)
            {
                return "a NodeProto holds more than one value";
            }

            if (field is 1 or 13 && !Utf8.IsValid(content))
            {
                return $"a NodeProto's field {field} is not UTF-8 text";
            }
        }

        return null;
    }
}
