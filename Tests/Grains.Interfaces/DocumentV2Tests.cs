using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Tests.Protos.Wire;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces;

/// <summary>One document API over docarray v2: the built-in schemas' fields through the properties, any field through the indexer.</summary>
public sealed class DocumentV2Tests
{
    [Fact]
    public void The_properties_read_and_write_a_textdocs_entries_in_place()
    {
        var proto = JinaWireTests.TextDoc(new string('a', 32), "hi");
        var doc = new Document(proto);

        Assert.Equal(DocArrayFlavour.V2, doc.Flavour);
        Assert.Equal(new string('a', 32), doc.Id);
        Assert.Equal("hi", doc.Text);
        Assert.Null(doc.Embedding);
        Assert.Null(doc.Blob);
        Assert.Equal(string.Empty, doc.Uri);

        doc.Text = "hello";
        doc.Uri = "https://example.com/a.txt";
        doc.Blob = new byte[] { 1, 2 };
        doc.Embedding = NdArray.FromFloats([0.5f, 1.5f]);

        Assert.Equal("hello", proto.Data["text"].Text);
        Assert.Equal("https://example.com/a.txt", proto.Data["url"].Text);
        Assert.Equal(new byte[] { 1, 2 }, proto.Data["bytes_"].Blob.ToByteArray());
        Assert.Equal("<f4", proto.Data["embedding"].Ndarray.Dense.Dtype);
        Assert.Equal("ndarray_embedding", proto.Data["embedding"].Type);
        Assert.Equal([0.5f, 1.5f], doc.Embedding!.AsSpan<float>().ToArray());
        Assert.Equal(["bytes_", "embedding", "id", "text", "url"], doc.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Clearing_a_field_keeps_it_in_the_schema_as_none()
    {
        var proto = JinaWireTests.TextDoc(new string('a', 32), "hi");

        new Document(proto).Text = null;

        Assert.Equal(NodeProto.ContentOneofCase.None, proto.Data["text"].ContentCase);
    }

    [Fact]
    public void The_legacy_names_blob_and_uri_are_used_where_the_schema_has_them()
    {
        var proto = new DocProto();
        proto.Data["blob"] = new NodeProto();
        proto.Data["uri"] = new NodeProto();
        var doc = new Document(proto) { Blob = new byte[] { 7 }, Uri = "u" };

        Assert.Equal(new byte[] { 7 }, proto.Data["blob"].Blob.ToByteArray());
        Assert.Equal("u", proto.Data["uri"].Text);
        Assert.False(proto.Data.ContainsKey("bytes_"));
    }

    [Fact]
    public void Tags_are_the_tags_dict_with_python_ints_as_integers()
    {
        var proto = new DocProto();
        var doc = new Document(proto);

        doc.Tags["n"] = 3;
        doc.Tags["ratio"] = 0.5;
        doc.Tags["name"] = "x";

        Assert.Equal(3, proto.Data["tags"].Dict.Data["n"].Integer);
        Assert.Equal(0.5, proto.Data["tags"].Dict.Data["ratio"].Float);
        Assert.Equal(3, doc.Tags.GetInt32("n"));
        Assert.Equal("x", doc.Tags.GetString("name"));
        Assert.Throws<InvalidOperationException>(() => doc.Tags.Proto);
    }

    [Fact]
    public void The_indexer_reads_and_writes_any_schema_field()
    {
        var proto = new DocProto();
        var doc = new Document(proto)
        {
            ["title"] = "Moby Dick",
            ["pages"] = 635,
            ["score"] = 0.25,
            ["inner"] = new Document(JinaWireTests.TextDoc(new string('b', 32), "nested")),
        };

        Assert.Equal("Moby Dick", doc["title"]);
        Assert.Equal(635, doc["pages"]);
        Assert.Equal(0.25, doc["score"]);
        Assert.Equal("nested", ((Document)doc["inner"]!).Text);
        Assert.Null(doc["missing"]);
        Assert.Equal(NodeProto.ContentOneofCase.Integer, proto.Data["pages"].ContentCase);
    }

    [Fact]
    public void A_v1_document_added_to_a_v2_array_is_converted_and_its_wrapper_follows_the_conversion()
    {
        var array = new DocumentArray(DocArrayFlavour.V2);
        var doc = new Document("hello");

        array.Add(doc);
        doc.Text = "edited after adding";

        Assert.Equal(DocArrayFlavour.V2, doc.Flavour);
        Assert.Equal("edited after adding", array[0].Text);
        Assert.Equal(doc.Id, array.ProtosV2![0].Data["id"].Text);
    }

    [Fact]
    public void Chunks_of_a_v2_document_are_a_v2_array()
    {
        var doc = new Document(new DocProto());

        doc.Chunks.Add(new Document("a chunk"));

        Assert.Equal(DocArrayFlavour.V2, doc.Chunks.Flavour);
        Assert.Equal("a chunk", doc.Chunks[0].Text);
    }

    [Fact]
    public void V1_only_fields_say_so_on_a_v2_document()
    {
        var doc = new Document(new DocProto());

        Assert.Contains("docarray v1 field", Assert.Throws<NotSupportedException>(() => doc.Scores).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => doc.Proto);
    }

    [Fact]
    public void Conversion_to_v2_and_back_keeps_every_field_and_shares_tensor_buffers()
    {
        var v1 = new DocumentProto
        {
            Id = new string('c', 32),
            Text = "text",
            Uri = "https://x",
            MimeType = "text/plain",
            Weight = 2,
            Granularity = 1,
            Embedding = NdArray.FromFloats([1f, 2f]).Proto,
            Tags = new Google.Protobuf.WellKnownTypes.Struct { Fields = { ["k"] = Google.Protobuf.WellKnownTypes.Value.ForString("v") } },
        };
        v1.Chunks.Add(new DocumentProto { Id = "chunk", Text = "c" });
        v1.Scores["cosine"] = new NamedScoreProto { Value = 0.5f, OpName = "cos" };

        var v2 = DocArrayConversion.ToV2(v1);
        var back = DocArrayConversion.ToV1(v2);

        Assert.Same(v1.Embedding.Dense, v2.Data["embedding"].Ndarray.Dense);
        Assert.Equal(v1, back, new ProtoEquality());
    }

    [Fact]
    public void Fields_v1_has_no_place_for_go_into_the_tags()
    {
        var v2 = JinaWireTests.TextDoc(new string('d', 32), "t");
        v2.Data["title"] = new NodeProto { Text = "Moby Dick" };

        var v1 = DocArrayConversion.ToV1(v2);

        Assert.Equal("t", v1.Text);
        Assert.Equal("Moby Dick", v1.Tags.Fields["title"].StringValue);
    }

    private sealed class ProtoEquality : IEqualityComparer<DocumentProto>
    {
        public bool Equals(DocumentProto? x, DocumentProto? y) => Google.Protobuf.ByteString.CopyFrom(Google.Protobuf.MessageExtensions.ToByteArray(x!)) == Google.Protobuf.ByteString.CopyFrom(Google.Protobuf.MessageExtensions.ToByteArray(y!)) || x!.Equals(y);

        public int GetHashCode(DocumentProto obj) => obj.GetHashCode();
    }
}
