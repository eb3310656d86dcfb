using Google.Protobuf.Collections;
using JinaOrleans.Protos.DocArray;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces;

/// <summary>DocumentArray over a repeated field: no copies, lookup by id, identity by reference.</summary>
public sealed class DocumentArrayTests
{
    [Fact]
    public void Empty_creates_documents_with_distinct_ids_and_no_content()
    {
        var docs = DocumentArray.Empty(5);

        Assert.Equal(5, docs.Count);
        Assert.Equal(5, docs.Select(d => d.Id).Distinct().Count());
        Assert.All(docs, d => Assert.Null(d.Text));
    }

    [Fact]
    public void Empty_rejects_a_negative_count()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentArray.Empty(-1));
    }

    [Fact]
    public void Id_indexer_finds_the_document()
    {
        var docs = new DocumentArray { new Document("a"), new Document("b"), new Document("c") };
        var second = docs[1];

        var found = docs[second.Id];

        Assert.Equal("b", found.Text);
        Assert.Same(second.Proto, found.Proto);
    }

    [Fact]
    public void Id_indexer_throws_naming_the_missing_id()
    {
        var docs = DocumentArray.Empty(2);

        var ex = Assert.Throws<KeyNotFoundException>(() => docs["missing-id"]);

        Assert.Equal("No document with id 'missing-id'.", ex.Message);
    }

    [Fact]
    public void TryGet_returns_the_first_document_with_the_id()
    {
        var docs = new DocumentArray
        {
            new Document(new DocumentProto { Id = "x", Text = "first" }),
            new Document(new DocumentProto { Id = "x", Text = "second" }),
        };

        Assert.True(docs.TryGet("x", out var found));
        Assert.Equal("first", found.Text);
        Assert.False(docs.TryGet("y", out var missing));
        Assert.Null(missing);
    }

    [Fact]
    public void IndexOf_Contains_and_Remove_go_by_reference_not_by_value()
    {
        var original = new Document(new DocumentProto { Id = "same", Text = "t" });
        var lookalike = new Document(new DocumentProto { Id = "same", Text = "t" });
        var docs = new DocumentArray { new Document("other"), original };

        Assert.Equal(1, docs.IndexOf(original));
        Assert.Equal(-1, docs.IndexOf(lookalike));
        var containsLookalike = docs.Contains(lookalike);
        Assert.False(containsLookalike);
        Assert.False(docs.Remove(lookalike));
        Assert.Equal(2, docs.Count);

        Assert.True(docs.Remove(new Document(original.Proto)));
        Assert.Single(docs);
        Assert.Equal("other", docs[0].Text);
    }

    [Fact]
    public void Texts_lists_null_for_documents_without_text()
    {
        var docs = new DocumentArray { new Document("a"), new Document { Blob = new byte[] { 1 } }, new Document("c") };

        Assert.Equal(["a", null, "c"], docs.Texts);
    }

    [Fact]
    public void Wrapping_a_repeated_field_does_not_copy_it()
    {
        var field = new RepeatedField<DocumentProto> { new DocumentProto { Id = "1" } };

        var docs = new DocumentArray(field);
        docs.Add(new Document(new DocumentProto { Id = "2" }));
        docs[0].Text = "edited";

        Assert.Same(field, docs.Protos);
        Assert.Equal(2, field.Count);
        Assert.Equal("edited", field[0].Text);
    }

    [Fact]
    public void Wrap_uses_the_docs_of_a_DocumentArrayProto()
    {
        var proto = new DocumentArrayProto();

        var docs = DocumentArray.Wrap(proto);
        docs.Add(new Document("x"));

        Assert.Same(proto.Docs, docs.Protos);
        Assert.Equal("x", proto.Docs[0].Text);
    }

    [Fact]
    public void Building_from_documents_keeps_their_messages()
    {
        var doc = new Document("before");

        var docs = new DocumentArray([doc]);
        doc.Text = "after";

        Assert.Same(doc.Proto, docs.Protos[0]);
        Assert.Equal("after", docs[0].Text);
    }

    [Fact]
    public void Insert_and_index_setter_place_the_given_message()
    {
        var docs = new DocumentArray { new Document("a"), new Document("c") };
        var b = new Document("b");
        var z = new Document("z");

        docs.Insert(1, b);
        docs[2] = z;

        Assert.Equal(["a", "b", "z"], docs.Texts);
        Assert.Same(b.Proto, docs.Protos[1]);
        Assert.Same(z.Proto, docs.Protos[2]);
    }

    [Fact]
    public void CopyTo_copies_wrappers_at_the_offset()
    {
        var docs = new DocumentArray { new Document("a"), new Document("b") };
        var target = new Document[3];

        docs.CopyTo(target, 1);

        Assert.Null(target[0]);
        Assert.Same(docs.Protos[0], target[1].Proto);
        Assert.Same(docs.Protos[1], target[2].Proto);
    }
}
