using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Grains.Flows;
using JinaOrleans.Protos.DocArray;
using JinaOrleans.Protos.Jina;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>RequestReducer: the parts reaching a node with several needs are reduced into one (JINA_PROTOCOL.md §8).</summary>
public sealed class RequestReducerTests
{
    [Fact]
    public void Reducing_nothing_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => RequestReducer.Reduce([]));

        Assert.Equal("parts", ex.ParamName);
        Assert.Throws<ArgumentNullException>(() => RequestReducer.Reduce(null!));
    }

    [Fact]
    public void A_single_part_is_returned_as_is()
    {
        var part = new DataRequestProto
        {
            Header = new HeaderProto { RequestId = "r", Status = new StatusProto { Code = StatusProto.Types.StatusCode.Error } },
            Data = new DataRequestProto.Types.DataContentProto { Docs = new DocumentArrayProto { Docs = { new DocumentProto { Id = "a" } } } },
        };
        var before = part.Clone();

        var result = RequestReducer.Reduce([part]);

        Assert.Same(part, result);
        Assert.Equal(before, result);
        Assert.Null(result.Parameters);
    }

    [Fact]
    public void The_first_part_is_the_base_when_it_succeeded()
    {
        var first = Part(Doc("a"));
        var second = Part(Doc("b"));

        Assert.Same(first, RequestReducer.Reduce([first, second]));
    }

    [Fact]
    public void The_base_is_the_first_part_that_did_not_fail()
    {
        var failed = Failed(Doc("a"));
        var ok1 = Part(Doc("b"));
        var ok2 = Part(Doc("c"));

        var result = RequestReducer.Reduce([failed, ok1, ok2]);

        Assert.Same(ok1, result);
        Assert.Equal(["a", "b", "c"], Ids(result).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_part_without_a_header_or_status_counts_as_successful()
    {
        var failed = Failed(Doc("a"));
        var noHeader = Part(Doc("b"));
        noHeader.Header = null;
        var noStatus = Part(Doc("c"));

        Assert.Same(noHeader, RequestReducer.Reduce([failed, noHeader, Part(Doc("d"))]));
        Assert.Same(noStatus, RequestReducer.Reduce([Failed(Doc("a")), noStatus]));
    }

    [Fact]
    public void When_every_part_failed_the_first_is_the_base()
    {
        var first = Failed(Doc("a"));
        var second = Failed(Doc("b"));

        var result = RequestReducer.Reduce([first, second]);

        Assert.Same(first, result);
        Assert.Equal(["a", "b"], Ids(result));
    }

    [Fact]
    public void Docs_are_united_by_id_in_first_appearance_order()
    {
        var result = RequestReducer.Reduce([
            Part(Doc("a"), Doc("b")),
            Part(Doc("b"), Doc("c")),
            Part(Doc("d"), Doc("a"), Doc("c"), Doc("e")),
        ]);

        Assert.Equal(["a", "b", "c", "d", "e"], Ids(result));
    }

    [Fact]
    public void Left_most_part_wins_for_a_field_set_in_several_parts()
    {
        var result = RequestReducer.Reduce([
            Part(Doc("a", "first")),
            Part(Doc("a", "second")),
            Part(Doc("a", "third")),
        ]);

        Assert.Equal("first", Assert.Single(result.Data.Docs.Docs).Text);
    }

    [Fact]
    public void An_empty_field_is_filled_from_the_first_later_part_that_has_it()
    {
        var result = RequestReducer.Reduce([
            Part(Doc("a")),
            Part(new DocumentProto { Id = "a", Weight = 2f }),
            Part(new DocumentProto { Id = "a", Uri = "u3", Weight = 3f }),
            Part(new DocumentProto { Id = "a", Uri = "u4", Modality = "m4" }),
        ]);

        var doc = Assert.Single(result.Data.Docs.Docs);
        Assert.Equal(2f, doc.Weight);
        Assert.Equal("u3", doc.Uri);
        Assert.Equal("m4", doc.Modality);
    }

    [Fact]
    public void When_an_earlier_part_failed_docs_still_follow_part_order_and_the_left_most_wins()
    {
        var failed = Failed(Doc("a", "from failed"), Doc("b"));
        var ok = Part(Doc("b"), Doc("a", "from ok"));

        var result = RequestReducer.Reduce([failed, ok]);

        Assert.Same(ok, result);
        Assert.Equal(["a", "b"], Ids(result));
        Assert.Equal("from failed", result.Data.Docs.Docs[0].Text);
    }

    [Fact]
    public void Every_field_set_on_the_left_is_kept()
    {
        var left = Full("a", "left");
        var right = Full("a", "right");
        right.ParentId = "other-parent";
        var before = left.Clone();

        RequestReducer.MergeDocument(left, right);

        Assert.Equal(before, left);
    }

    [Fact]
    public void Every_empty_field_is_filled_from_the_right_except_id_and_parent_id()
    {
        var left = new DocumentProto { Id = "a" };
        var right = Full("b", "right");

        RequestReducer.MergeDocument(left, right);

        var expected = right.Clone();
        expected.Id = "a";
        expected.ParentId = "";
        Assert.Equal(expected, left);
    }

    [Fact]
    public void Blob_and_tensor_content_fill_an_empty_content()
    {
        var blobDoc = new DocumentProto { Id = "a" };
        var tensorDoc = new DocumentProto { Id = "a" };
        var tensor = Floats(4f, 5f);

        RequestReducer.MergeDocument(blobDoc, new DocumentProto { Id = "a", Blob = ByteString.CopyFromUtf8("bytes") });
        RequestReducer.MergeDocument(tensorDoc, new DocumentProto { Id = "a", Tensor = tensor });

        Assert.Equal(DocumentProto.ContentOneofCase.Blob, blobDoc.ContentCase);
        Assert.Equal("bytes", blobDoc.Blob.ToStringUtf8());
        Assert.Equal(DocumentProto.ContentOneofCase.Tensor, tensorDoc.ContentCase);
        Assert.Equal(tensor, tensorDoc.Tensor);
        Assert.NotSame(tensor, tensorDoc.Tensor);
    }

    [Fact]
    public void Content_of_another_kind_does_not_replace_the_left_content()
    {
        var left = new DocumentProto { Id = "a", Blob = ByteString.CopyFromUtf8("left") };

        RequestReducer.MergeDocument(left, new DocumentProto { Id = "a", Text = "right" });

        Assert.Equal(DocumentProto.ContentOneofCase.Blob, left.ContentCase);
        Assert.Equal("left", left.Blob.ToStringUtf8());
    }

    [Fact]
    public void Tags_scores_and_location_are_taken_whole_not_merged_entry_by_entry()
    {
        var left = new DocumentProto { Id = "a", Tags = Obj(("a", 1)) };
        left.Scores.Add("cosine", new NamedScoreProto { Value = 0.1f });
        left.Location.Add(1f);
        var right = new DocumentProto { Id = "a", Tags = Obj(("a", 2), ("b", 3)) };
        right.Scores.Add("cosine", new NamedScoreProto { Value = 0.9f });
        right.Scores.Add("euclid", new NamedScoreProto { Value = 0.5f });
        right.Location.Add([2f, 3f]);

        RequestReducer.MergeDocument(left, right);

        Assert.Equal(Obj(("a", 1)), left.Tags);
        Assert.Equal(0.1f, Assert.Single(left.Scores).Value.Value);
        Assert.Equal([1f], left.Location);
    }

    [Fact]
    public void Empty_tags_are_filled_with_a_copy()
    {
        var left = new DocumentProto { Id = "a", Tags = new Struct() };
        var right = new DocumentProto { Id = "a", Tags = Obj(("b", 3)) };

        RequestReducer.MergeDocument(left, right);

        Assert.Equal(Obj(("b", 3)), left.Tags);
        Assert.NotSame(right.Tags, left.Tags);
        right.Tags.Fields["b"] = Value.ForNumber(4);
        Assert.Equal(3, left.Tags.Fields["b"].NumberValue);
    }

    [Fact]
    public void Id_and_parent_id_are_never_copied()
    {
        var left = new DocumentProto();

        RequestReducer.MergeDocument(left, new DocumentProto { Id = "b", ParentId = "p", Text = "t" });

        Assert.Equal("", left.Id);
        Assert.Equal("", left.ParentId);
        Assert.Equal("t", left.Text);
    }

    [Fact]
    public void Chunks_are_reduced_recursively_by_id()
    {
        var left = Doc("a");
        left.Chunks.Add(Doc("c1"));
        left.Chunks.Add(Doc("c2", "left"));
        var right = Doc("a");
        right.Chunks.Add(new DocumentProto { Id = "c2", Text = "right", Uri = "u" });
        right.Chunks.Add(Doc("c3", "new"));
        right.Chunks.Add(Doc("c1", "filled"));

        var result = RequestReducer.Reduce([Part(left), Part(right)]);

        var chunks = Assert.Single(result.Data.Docs.Docs).Chunks;
        Assert.Equal(["c1", "c2", "c3"], chunks.Select(c => c.Id));
        Assert.Equal("filled", chunks[0].Text);
        Assert.Equal("left", chunks[1].Text);
        Assert.Equal("u", chunks[1].Uri);
        Assert.Equal("new", chunks[2].Text);
    }

    [Fact]
    public void Matches_are_reduced_recursively_with_their_own_chunks()
    {
        var left = Doc("a");
        var leftMatch = Doc("m1");
        leftMatch.Chunks.Add(Doc("mc1"));
        left.Matches.Add(leftMatch);
        var right = Doc("a");
        var rightMatch = Doc("m1", "match text");
        rightMatch.Chunks.Add(Doc("mc1", "deep"));
        rightMatch.Chunks.Add(Doc("mc2"));
        right.Matches.Add(rightMatch);
        right.Matches.Add(Doc("m2"));

        var result = RequestReducer.Reduce([Part(left), Part(right)]);

        var matches = Assert.Single(result.Data.Docs.Docs).Matches;
        Assert.Equal(["m1", "m2"], matches.Select(m => m.Id));
        Assert.Equal("match text", matches[0].Text);
        Assert.Equal(["mc1", "mc2"], matches[0].Chunks.Select(c => c.Id));
        Assert.Equal("deep", matches[0].Chunks[0].Text);
    }

    [Fact]
    public void A_doc_only_in_a_later_part_keeps_its_chunks_and_matches()
    {
        var later = Doc("b");
        later.Chunks.Add(Doc("c"));
        later.Matches.Add(Doc("m"));

        var result = RequestReducer.Reduce([Part(Doc("a")), Part(later)]);

        Assert.Equal(["a", "b"], Ids(result));
        Assert.Equal(later, result.Data.Docs.Docs[1]);
    }

    [Fact]
    public void Results_entries_of_every_part_are_merged_into_the_base()
    {
        var first = Part(Doc("a"));
        first.Parameters = Obj(("keep", "me"));
        first.Parameters.Fields["__results__"] = Value.ForStruct(Obj(("executor0/rep-0", Value.ForStruct(Obj(("n", 1))))));
        var second = Failed(Doc("a"));
        second.Parameters = Obj(("other", "x"));
        second.Parameters.Fields["__results__"] = Value.ForStruct(Obj(("executor1/rep-0", Value.ForStruct(Obj(("n", 2))))));
        var third = Part(Doc("a"));
        third.Parameters = null;
        var fourth = Part(Doc("a"));
        fourth.Parameters = Obj(("__results__", Value.ForStruct(Obj(("executor2/rep-0", Value.ForStruct(Obj(("n", 3))))))));

        var result = RequestReducer.Reduce([first, second, third, fourth]);

        Assert.Same(first, result);
        Assert.Equal(["__results__", "keep"], result.Parameters.Fields.Keys.Order(StringComparer.Ordinal));
        var results = result.Parameters.Fields["__results__"].StructValue;
        Assert.Equal(["executor0/rep-0", "executor1/rep-0", "executor2/rep-0"], results.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, results.Fields["executor1/rep-0"].StructValue.Fields["n"].NumberValue);
        Assert.Equal(3, results.Fields["executor2/rep-0"].StructValue.Fields["n"].NumberValue);
    }

    [Fact]
    public void A_base_without_parameters_gets_the_results_of_the_others()
    {
        var first = Part(Doc("a"));
        first.Parameters = null;
        var second = Part(Doc("a"));
        second.Parameters = Obj(("__results__", Value.ForStruct(Obj(("e/rep-0", Value.ForStruct(Obj(("ok", true))))))));

        var result = RequestReducer.Reduce([first, second]);

        Assert.True(result.Parameters.Fields["__results__"].StructValue.Fields["e/rep-0"].StructValue.Fields["ok"].BoolValue);
    }

    [Fact]
    public void Without_results_no_results_entry_is_added()
    {
        var first = Part(Doc("a"));
        first.Parameters = null;
        var second = Part(Doc("a"));
        second.Parameters = Obj(("__results__", Value.ForStruct(new Struct())));

        var result = RequestReducer.Reduce([first, second]);

        Assert.NotNull(result.Parameters);
        Assert.Empty(result.Parameters.Fields);
    }

    [Fact]
    public void Routes_are_merged_keeping_the_first_occurrence_per_executor()
    {
        var first = Part(Doc("a"));
        first.Routes.Add([Route("gateway"), Route("a")]);
        var second = Part(Doc("a"));
        var secondGateway = Route("gateway", StatusProto.Types.StatusCode.Error);
        second.Routes.Add([secondGateway, Route("b"), Route("a", StatusProto.Types.StatusCode.Error)]);
        var firstGateway = first.Routes[0];
        var firstA = first.Routes[1];

        var result = RequestReducer.Reduce([first, second]);

        Assert.Equal(["gateway", "a", "b"], result.Routes.Select(r => r.Executor));
        Assert.Same(firstGateway, result.Routes[0]);
        Assert.Same(firstA, result.Routes[1]);
        Assert.Equal(StatusProto.Types.StatusCode.Success, result.Routes[1].Status.Code);
    }

    [Fact]
    public void A_base_without_data_receives_the_docs_of_the_others()
    {
        var first = Part();
        first.Data = null;
        var second = Part(Doc("a"), Doc("b"));
        var third = new DataRequestProto { Header = new HeaderProto { RequestId = "r" } };

        var result = RequestReducer.Reduce([first, second, third]);

        Assert.Same(first, result);
        Assert.Equal(["a", "b"], Ids(result));
    }

    [Fact]
    public void ReduceDocuments_appends_new_docs_and_merges_known_ones_in_place()
    {
        var a = Doc("a");
        var left = new Google.Protobuf.Collections.RepeatedField<DocumentProto> { a };

        RequestReducer.ReduceDocuments(left, [Doc("b", "b"), Doc("a", "a"), Doc("b", "ignored")]);

        Assert.Equal(["a", "b"], left.Select(d => d.Id));
        Assert.Same(a, left[0]);
        Assert.Equal("a", a.Text);
        Assert.Equal("b", left[1].Text);
    }

    private static DataRequestProto Part(params DocumentProto[] docs) => new()
    {
        Header = new HeaderProto { RequestId = "r" },
        Parameters = new Struct(),
        Data = new DataRequestProto.Types.DataContentProto { Docs = new DocumentArrayProto { Docs = { docs } } },
    };

    private static DataRequestProto Failed(params DocumentProto[] docs)
    {
        var part = Part(docs);
        part.Header.Status = new StatusProto { Code = StatusProto.Types.StatusCode.Error, Description = "boom" };
        return part;
    }

    private static DocumentProto Doc(string id, string? text = null)
    {
        var doc = new DocumentProto { Id = id };
        if (text is not null)
        {
            doc.Text = text;
        }

        return doc;
    }

    private static string[] Ids(DataRequestProto request) => [.. request.Data.Docs.Docs.Select(d => d.Id)];

    private static RouteProto Route(string executor, StatusProto.Types.StatusCode code = StatusProto.Types.StatusCode.Success) =>
        new() { Executor = executor, Status = new StatusProto { Code = code } };

    private static NdArrayProto Floats(params float[] values) => new()
    {
        Dense = new DenseNdArrayProto
        {
            Buffer = ByteString.CopyFrom(values.SelectMany(BitConverter.GetBytes).ToArray()),
            Shape = { (uint)values.Length },
            Dtype = "<f4",
        },
        ClsName = "numpy",
    };

    private static Struct Obj(params (string Key, object Value)[] entries)
    {
        var result = new Struct();
        foreach (var (key, value) in entries)
        {
            result.Fields[key] = value switch
            {
                Value v => v,
                string s => Value.ForString(s),
                bool b => Value.ForBool(b),
                int n => Value.ForNumber(n),
                _ => throw new ArgumentOutOfRangeException(nameof(entries)),
            };
        }

        return result;
    }

    /// <summary>A document with every data field set, distinct per <paramref name="flavour"/>; no chunks or matches.</summary>
    private static DocumentProto Full(string id, string flavour)
    {
        var n = flavour.Length;
        var doc = new DocumentProto
        {
            Id = id,
            ParentId = "parent-" + flavour,
            Text = "text-" + flavour,
            Granularity = (uint)n,
            Adjacency = (uint)n + 1,
            Weight = n + 0.5f,
            Offset = n + 0.25f,
            Uri = "https://example.com/" + flavour,
            Modality = "modality-" + flavour,
            MimeType = "text/" + flavour,
            Embedding = Floats(n, n + 1),
            Tags = Obj(("flavour", flavour)),
            Metadata = Obj(("meta", flavour)),
        };
        doc.Location.Add([n, n + 1]);
        doc.Scores.Add("cosine", new NamedScoreProto { Value = n, OpName = "cosine-" + flavour });
        doc.Evaluations.Add("precision", new NamedScoreProto { Value = n + 1, Description = "eval-" + flavour });
        return doc;
    }
}
