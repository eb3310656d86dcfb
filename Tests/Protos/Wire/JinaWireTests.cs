using System.Buffers;
using Google.Protobuf;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Protos.Jina;
using JinaOrleans.Protos.Wire;
using Xunit;
using V2 = JinaOrleans.Protos.Jina.DocArrayV2;

namespace JinaOrleans.Tests.Protos.Wire;

/// <summary>Both docarray flavours on the wire: which one bytes are, what a port serving one does with the other, adversarial bytes.</summary>
public sealed class JinaWireTests
{
    [Fact]
    public void A_v1_request_is_read_as_v1_and_written_back_unchanged()
    {
        var bytes = V1Request(new DocumentProto { Id = Hex('a'), Text = "hi" }, new DocumentProto { Id = Hex('b') }).ToByteArray();

        var request = JinaWire.ParseDataRequest(bytes, DocArrayFlavour.Auto);

        Assert.Equal(DocArrayFlavour.V1, JinaWire.FlavourOf(request));
        Assert.Equal(["hi", string.Empty], request.Data.Docs.Docs.Select(d => d.Text));
        Assert.Equal(bytes, JinaWire.ToByteArray(request));
    }

    [Fact]
    public void A_v2_request_is_read_as_v2_with_its_documents_in_docs_v2_and_written_back_byte_for_byte()
    {
        var bytes = V2Request(TextDoc(Hex('a'), "hi"), TextDoc(Hex('b'), string.Empty)).ToByteArray();

        var request = JinaWire.ParseDataRequest(bytes, DocArrayFlavour.Auto);

        Assert.Equal(DocArrayFlavour.V2, JinaWire.FlavourOf(request));
        Assert.Equal(["hi", string.Empty], request.Data.DocsV2.Docs.Select(d => d.Data["text"].Text));
        Assert.Equal(Hex('a'), request.Data.DocsV2.Docs[0].Data["id"].Text);
        Assert.Equal("/", request.Header.ExecEndpoint);
        Assert.Equal(bytes, JinaWire.ToByteArray(request));
    }

    [Fact]
    public void A_request_read_from_several_segments_is_inspected_whole()
    {
        var bytes = V2Request(TextDoc(Hex('a'), "hi")).ToByteArray();
        var first = new Segment(bytes.AsMemory(0, 7));
        var last = first.Append(bytes.AsMemory(7));

        var request = JinaWire.ParseDataRequest(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), DocArrayFlavour.Auto);

        Assert.Equal("hi", request.Data.DocsV2.Docs[0].Data["text"].Text);
    }

    [Fact]
    public void A_v1_pinned_port_refuses_v2_bytes_naming_both_flavours()
    {
        var bytes = V2Request(TextDoc(Hex('a'), "hi")).ToByteArray();

        var refusal = Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(bytes, DocArrayFlavour.V1));

        Assert.True(refusal.FlavourMismatch);
        Assert.Contains("not docarray v1, the flavour this port serves", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("They are docarray v2", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v2_pinned_port_refuses_v1_bytes_naming_both_flavours()
    {
        var bytes = V1Request(new DocumentProto { Id = Hex('a'), Text = "hi" }).ToByteArray();

        var refusal = Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(bytes, DocArrayFlavour.V2));

        Assert.True(refusal.FlavourMismatch);
        Assert.Contains("not docarray v2, the flavour this port serves: document 0: a data entry holds field", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("They are docarray v1", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v2_document_of_a_single_field_is_v2_even_though_its_bytes_would_parse_as_a_v1_id()
    {
        var doc = new DocProto();
        doc.Data["id"] = new NodeProto { Text = Hex('a'), Type = "id" };
        var bytes = V2Request(doc).ToByteArray();
        Assert.NotNull(DataRequestProto.Parser.ParseFrom(bytes).Data.Docs.Docs[0].Id); // what a v1 parser would make of it

        Assert.Equal(DocArrayFlavour.V2, JinaWire.FlavourOf(JinaWire.ParseDataRequest(bytes, DocArrayFlavour.Auto)));
        Assert.Contains("holds a docarray v2 data entry", Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(bytes, DocArrayFlavour.V1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_document_whose_fields_a_docproto_cannot_hold_is_v1()
    {
        // Field 2 (blob) alone: a DocProto has only field 1.
        var bytes = V1Request(new DocumentProto { Blob = ByteString.CopyFromUtf8("abc") }).ToByteArray();

        Assert.Equal(DocArrayFlavour.V1, JinaWire.FlavourOf(JinaWire.ParseDataRequest(bytes, DocArrayFlavour.Auto)));
        Assert.Contains("field 2 is not a DocProto field", Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(bytes, DocArrayFlavour.V2)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_that_are_neither_flavour_are_refused_by_every_port()
    {
        // A document with its text twice (no v1 encoder writes that) and a field a DocProto does not have.
        var doc = new DocumentProto { Id = Hex('a'), Text = "one" }.ToByteArray().Concat(new DocumentProto { Text = "two" }.ToByteArray()).ToArray();
        var bytes = Envelope(doc);

        foreach (var served in new[] { DocArrayFlavour.Auto, DocArrayFlavour.V1, DocArrayFlavour.V2 })
        {
            var refusal = Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(bytes, served));
            Assert.True(refusal.FlavourMismatch);
        }

        Assert.Contains("neither docarray v1 (document 0: field 4 appears more than once) nor docarray v2", Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(bytes, DocArrayFlavour.Auto)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v2_node_with_a_field_it_does_not_have_is_not_v2()
    {
        // Entry {key "text", value: field 14 varint}.
        byte[] entry = [0x0A, 0x04, (byte)'t', (byte)'e', (byte)'x', (byte)'t', 0x12, 0x02, 0x70, 0x01];
        byte[] doc = [0x0A, (byte)entry.Length, .. entry, 0x0A, (byte)entry.Length, .. entry];

        var refusal = Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(Envelope(doc), DocArrayFlavour.V2));

        Assert.Contains("a NodeProto holds field 14", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_without_documents_or_with_empty_ones_are_served_as_v1()
    {
        var none = new DataRequestProto { Header = new HeaderProto { RequestId = "r" } }.ToByteArray();
        var empty = Envelope([]);

        Assert.Equal(DocArrayFlavour.V1, JinaWire.FlavourOf(JinaWire.ParseDataRequest(none, DocArrayFlavour.Auto)));
        Assert.Equal(DocArrayFlavour.V1, JinaWire.FlavourOf(JinaWire.ParseDataRequest(empty, DocArrayFlavour.Auto)));
        Assert.Equal(DocArrayFlavour.V2, JinaWire.FlavourOf(JinaWire.ParseDataRequest(empty, DocArrayFlavour.V2)));
    }

    [Fact]
    public void The_internal_field_is_refused_from_the_wire()
    {
        var smuggled = new DataRequestProto { Data = new DataRequestProto.Types.DataContentProto { DocsV2 = new DocListProto { Docs = { TextDoc(Hex('a'), "x") } } } }.ToByteArray();

        var refusal = Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(smuggled, DocArrayFlavour.Auto));

        Assert.False(refusal.FlavourMismatch);
        Assert.Contains("field 1000 of data is not a Jina field", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_bytes_are_malformed_not_a_flavour_question()
    {
        var bytes = V2Request(TextDoc(Hex('a'), "hi")).ToByteArray();

        var refusal = Assert.Throws<WireFormatException>(() => JinaWire.ParseDataRequest(bytes.AsMemory(0, bytes.Length - 3), DocArrayFlavour.Auto));

        Assert.False(refusal.FlavourMismatch);
        Assert.StartsWith("The request is not a valid jina.DataRequestProto", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_and_mutated_bytes_are_read_or_refused_with_a_wire_format_error_and_nothing_else()
    {
        var random = new Random(20261202);
        var seeds = new[] { V1Request(new DocumentProto { Id = Hex('a'), Text = "hi" }).ToByteArray(), V2Request(TextDoc(Hex('b'), "there")).ToByteArray() };
        for (var i = 0; i < 600; i++)
        {
            byte[] bytes;
            if (i % 3 == 0)
            {
                bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])seeds[i % 2].Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            foreach (var served in new[] { DocArrayFlavour.Auto, DocArrayFlavour.V1, DocArrayFlavour.V2 })
            {
                try
                {
                    var request = JinaWire.ParseDataRequest(bytes, served);
                    Assert.True(served == DocArrayFlavour.Auto || JinaWire.FlavourOf(request) == served || RequestCount(request) == 0);
                    _ = JinaWire.ToByteArray(request);
                }
                catch (WireFormatException)
                {
                    // Refused with its reason: what the ports answer as INVALID_ARGUMENT, 422 or a close.
                }
            }
        }
    }

    [Fact]
    public void A_worker_request_list_of_v2_requests_is_read_as_v2()
    {
        var list = new V2.DataRequestListProto { Requests = { V2Request(TextDoc(Hex('a'), "x")), V2Request(TextDoc(Hex('b'), "y")) } };

        var parsed = JinaWire.ParseDataRequestList(new ReadOnlySequence<byte>(list.ToByteArray()), DocArrayFlavour.Auto);

        Assert.Equal(["x", "y"], parsed.Requests.Select(r => r.Data.DocsV2.Docs[0].Data["text"].Text));
        Assert.Equal(list.ToByteArray(), JinaWire.ForWire(parsed).ToByteArray());
    }

    internal static DataRequestProto V1Request(params DocumentProto[] docs) => new()
    {
        Header = new HeaderProto { RequestId = Hex('r'), ExecEndpoint = "/" },
        Data = new DataRequestProto.Types.DataContentProto { Docs = new DocumentArrayProto { Docs = { docs } } },
    };

    internal static V2.DataRequestProto V2Request(params DocProto[] docs) => new()
    {
        Header = new HeaderProto { RequestId = Hex('r'), ExecEndpoint = "/" },
        Data = new V2.DataRequestProto.Types.DataContentProto { Docs = new DocListProto { Docs = { docs } } },
    };

    /// <summary>A document shaped like docarray's <c>TextDoc(text=...)</c>.</summary>
    internal static DocProto TextDoc(string id, string text)
    {
        var doc = new DocProto();
        doc.Data["id"] = new NodeProto { Text = id, Type = "id" };
        doc.Data["text"] = new NodeProto { Text = text };
        doc.Data["url"] = new NodeProto();
        doc.Data["embedding"] = new NodeProto();
        doc.Data["bytes_"] = new NodeProto();
        return doc;
    }

    private static string Hex(char c) => new(c, 32);

    private static int RequestCount(DataRequestProto request) => request.Data?.Docs?.Docs.Count ?? request.Data?.DocsV2?.Docs.Count ?? 0;

    /// <summary>A DataRequestProto whose data holds one document with exactly <paramref name="document"/> as its bytes.</summary>
    private static byte[] Envelope(byte[] document)
    {
        var docs = new DocumentArrayProto().ToByteArray().Concat(Field(1, document)).ToArray();
        return Field(4, Field(1, docs));
    }

    private static byte[] Field(int number, byte[] content)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
        output.Flush();
        return stream.ToArray();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
