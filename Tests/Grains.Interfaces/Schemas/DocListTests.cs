using JinaOrleans.Protos.DocArrayV2;
using JinaOrleans.Samples.Flows;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces.Schemas;

/// <summary>Schema types read from and written to documents of both flavours.</summary>
public sealed class DocListTests
{
    [Fact]
    public void A_textdoc_round_trips_through_v2_documents_with_docarrays_field_names()
    {
        var list = new DocList<TextDoc> { new() { Text = "hi", Url = "https://x", Embedding = NdArray.FromFloats([1f, 2f]), Bytes = [9] } };

        var docs = list.ToDocuments(DocArrayFlavour.V2);
        var proto = docs.ProtosV2![0];
        var back = docs.As<TextDoc>()[0];

        Assert.Equal(["bytes_", "embedding", "id", "text", "url"], proto.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("id", proto.Data["id"].Type);
        Assert.Equal(list[0].Id, back.Id);
        Assert.Equal("hi", back.Text);
        Assert.Equal("https://x", back.Url);
        Assert.Equal([1f, 2f], back.Embedding!.AsSpan<float>().ToArray());
        Assert.Equal([9], back.Bytes);
    }

    [Fact]
    public void None_fields_are_written_as_empty_nodes_as_docarray_does()
    {
        var docs = new DocList<TextDoc> { new() { Text = "only text" } }.ToDocuments(DocArrayFlavour.V2);

        Assert.Equal(NodeProto.ContentOneofCase.None, docs.ProtosV2![0].Data["url"].ContentCase);
        Assert.Null(docs.As<TextDoc>()[0].Url);
    }

    [Fact]
    public void A_custom_schema_reads_v1_documents_through_the_document_api()
    {
        var v1 = new Document("two words");
        v1.Tags["words"] = 2;

        var query = new DocumentArray([v1]).As<Query>()[0];

        Assert.Equal(v1.Id, query.Id);
        Assert.Equal("two words", query.Text);
        Assert.Equal(2, query.Words);
    }

    [Fact]
    public void A_nested_schema_and_a_list_of_documents_are_doc_and_doc_array_nodes()
    {
        var shelf = new DocList<Shelf> { new() { Title = "t", Main = new TextDoc { Text = "main" }, Books = [new TextDoc { Text = "a" }, new TextDoc { Text = "b" }] } };

        var docs = shelf.ToDocuments(DocArrayFlavour.V2);
        var back = docs.As<Shelf>()[0];

        Assert.Equal(NodeProto.ContentOneofCase.Doc, docs.ProtosV2![0].Data["main"].ContentCase);
        Assert.Equal(NodeProto.ContentOneofCase.DocArray, docs.ProtosV2[0].Data["books"].ContentCase);
        Assert.Equal("main", back.Main!.Text);
        Assert.Equal(["a", "b"], back.Books!.Select(b => b.Text));
    }

    [Fact]
    public void An_imagedoc_keeps_its_tensor_and_url_in_both_flavours()
    {
        var image = new ImageDoc { Url = "https://x/cat.png", Tensor = NdArray.FromFloats([1f, 2f, 3f, 4f], 2, 2) };

        foreach (var flavour in new[] { DocArrayFlavour.V1, DocArrayFlavour.V2 })
        {
            var back = new DocList<ImageDoc> { image }.ToDocuments(flavour).As<ImageDoc>()[0];

            Assert.Equal(image.Id, back.Id);
            Assert.Equal("https://x/cat.png", back.Url);
            Assert.Equal([2, 2], back.Tensor!.Shape);
            Assert.Equal([1f, 2f, 3f, 4f], back.Tensor.AsSpan<float>().ToArray());
        }
    }

    public sealed class Shelf
    {
        public string Title { get; set; } = string.Empty;

        public TextDoc? Main { get; set; }

        public DocList<TextDoc>? Books { get; set; }
    }
}
