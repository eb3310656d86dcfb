using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces;

/// <summary>The Document wrapper: ids, the content oneof, tags as a Struct, live chunk/match views, identity.</summary>
public sealed partial class DocumentTests
{
    [Fact]
    public void New_document_has_a_32_lower_case_hex_id_and_no_content()
    {
        var doc = new Document();

        Assert.Matches(HexId(), doc.Id);
        Assert.Equal(DocumentProto.ContentOneofCase.None, doc.Proto.ContentCase);
        Assert.Null(doc.Text);
        Assert.Null(doc.Tensor);
    }

    [Fact]
    public void Blob_is_null_when_the_content_is_not_a_blob()
    {
        Assert.Null(new Document().Blob);
        Assert.Null(new Document("text").Blob);
        Assert.Null(new Document { Tensor = NdArray.FromFloats([1f]) }.Blob);
    }

    [Fact]
    public void Two_new_documents_have_different_ids()
    {
        Assert.NotEqual(new Document().Id, new Document().Id);
    }

    [Fact]
    public void Wrapping_a_message_reads_and_writes_the_message_itself()
    {
        var proto = new DocumentProto { Id = "abc", Text = "hello" };

        var doc = new Document(proto) { Uri = "file://x" };
        doc.Text += "!";

        Assert.Same(proto, doc.Proto);
        Assert.Equal("abc", doc.Id);
        Assert.Equal("hello!", proto.Text);
        Assert.Equal("file://x", proto.Uri);
    }

    [Fact]
    public void Setting_a_blob_clears_the_text()
    {
        var doc = new Document("text");

        doc.Blob = new byte[] { 1, 2, 3 };

        Assert.Null(doc.Text);
        Assert.Equal(DocumentProto.ContentOneofCase.Blob, doc.Proto.ContentCase);
        Assert.Equal(new byte[] { 1, 2, 3 }, doc.Blob!.Value.ToArray());
    }

    [Fact]
    public void Setting_a_tensor_clears_the_blob()
    {
        var doc = new Document { Blob = new byte[] { 9 } };
        var tensor = NdArray.FromFloats([1f, 2f]);

        doc.Tensor = tensor;

        Assert.Equal(DocumentProto.ContentOneofCase.Tensor, doc.Proto.ContentCase);
        Assert.Same(tensor.Proto, doc.Proto.Tensor);
        Assert.Same(tensor.Proto, doc.Tensor!.Proto);
    }

    [Fact]
    public void Setting_text_clears_the_tensor()
    {
        var doc = new Document { Tensor = NdArray.FromInt32s([7]) };

        doc.Text = "now text";

        Assert.Null(doc.Tensor);
        Assert.Equal(DocumentProto.ContentOneofCase.Text, doc.Proto.ContentCase);
        Assert.Equal("now text", doc.Text);
    }

    [Fact]
    public void Empty_text_is_still_text_content()
    {
        var doc = new Document { Blob = new byte[] { 1 } };

        doc.Text = string.Empty;

        Assert.Equal(string.Empty, doc.Text);
        Assert.Equal(DocumentProto.ContentOneofCase.Text, doc.Proto.ContentCase);
    }

    [Fact]
    public void Setting_null_text_clears_text_content()
    {
        var doc = new Document("text");

        doc.Text = null;

        Assert.Null(doc.Text);
        Assert.Equal(DocumentProto.ContentOneofCase.None, doc.Proto.ContentCase);
    }

    [Fact]
    public void Setting_null_on_another_case_keeps_the_current_content()
    {
        var doc = new Document { Blob = new byte[] { 4, 5 } };

        doc.Text = null;
        doc.Tensor = null;

        Assert.Equal(new byte[] { 4, 5 }, doc.Blob!.Value.ToArray());

        var textDoc = new Document("keep me")
        {
            Blob = null,
            Tensor = null,
        };
        Assert.Equal("keep me", textDoc.Text);
    }

    [Fact]
    public void Setting_null_blob_clears_blob_content()
    {
        var doc = new Document { Blob = new byte[] { 1 } };

        doc.Blob = null;

        Assert.Equal(DocumentProto.ContentOneofCase.None, doc.Proto.ContentCase);
    }

    [Fact]
    public void Setting_null_tensor_clears_tensor_content()
    {
        var doc = new Document { Tensor = NdArray.FromFloats([1f]) };

        doc.Tensor = null;

        Assert.Equal(DocumentProto.ContentOneofCase.None, doc.Proto.ContentCase);
    }

    [Fact]
    public void Embedding_is_independent_of_the_content()
    {
        var doc = new Document("text") { Embedding = NdArray.FromFloats([0.5f, 0.25f]) };

        Assert.Equal("text", doc.Text);
        Assert.Equal([0.5f, 0.25f], doc.Embedding!.ToFloatArray());

        doc.Embedding = null;
        Assert.Null(doc.Proto.Embedding);
    }

    [Fact]
    public void Tags_write_numbers_as_doubles_into_the_struct()
    {
        var doc = new Document();

        doc.Tags["count"] = 3;
        doc.Tags["name"] = "x";
        doc.Tags["flag"] = true;

        Assert.Equal(Value.KindOneofCase.NumberValue, doc.Proto.Tags.Fields["count"].KindCase);
        Assert.Equal(3.0, doc.Proto.Tags.Fields["count"].NumberValue);
        Assert.IsType<double>(doc.Tags["count"]);
        Assert.Equal("x", doc.Proto.Tags.Fields["name"].StringValue);
        Assert.True(doc.Proto.Tags.Fields["flag"].BoolValue);
    }

    [Fact]
    public void Tags_view_reads_an_existing_struct()
    {
        var proto = new DocumentProto { Id = "d", Tags = new Struct() };
        proto.Tags.Fields["k"] = Value.ForString("v");

        Assert.Equal("v", new Document(proto).Tags["k"]);
    }

    [Fact]
    public void Adding_a_chunk_through_the_wrapper_changes_the_message()
    {
        var doc = new Document("parent");
        var chunk = new Document("chunk");

        doc.Chunks.Add(chunk);

        Assert.Single(doc.Proto.Chunks);
        Assert.Same(chunk.Proto, doc.Proto.Chunks[0]);
        Assert.Equal("chunk", doc.Chunks[0].Text);
    }

    [Fact]
    public void Matches_are_a_live_view_of_the_message()
    {
        var doc = new Document();
        var matches = doc.Matches;

        matches.Add(new Document("m1"));
        doc.Proto.Matches.Add(new DocumentProto { Id = "m2" });

        Assert.Equal(2, matches.Count);
        Assert.Equal(2, doc.Matches.Count);
        Assert.Equal("m2", matches[1].Id);
    }

    [Fact]
    public void Equals_is_by_message_reference()
    {
        var proto = new DocumentProto { Id = "same", Text = "t" };
        var twin = new DocumentProto { Id = "same", Text = "t" };

        Assert.Equal(new Document(proto), new Document(proto));
        Assert.Equal(new Document(proto).GetHashCode(), new Document(proto).GetHashCode());
        Assert.NotEqual(new Document(proto), new Document(twin));
    }

    [Fact]
    public void Null_id_is_rejected()
    {
        var doc = new Document();

        Assert.Throws<ArgumentNullException>(() => doc.Id = null!);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();
}
