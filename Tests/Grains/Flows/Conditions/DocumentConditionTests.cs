using System.Collections.Immutable;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Grains.Flows.Conditions;
using JinaOrleans.Protos.DocArray;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows.Conditions;

/// <summary>DocumentCondition: the <c>when</c> filter in DocArray's query language (JINA_PROTOCOL.md §8).</summary>
public sealed class DocumentConditionTests
{
    [Fact]
    public void Eq_matches_an_equal_value_only()
    {
        var doc = Text("hello");

        Assert.True(Matches(doc, "text", "$eq", "hello"));
        Assert.False(Matches(doc, "text", "$eq", "Hello"));
        Assert.False(Matches(doc, "text", "$eq", "hell"));
    }

    [Fact]
    public void Neq_is_the_negation_of_eq_and_holds_for_a_missing_field()
    {
        var doc = Text("hello");

        Assert.False(Matches(doc, "text", "$neq", "hello"));
        Assert.True(Matches(doc, "text", "$neq", "bye"));
        Assert.True(Matches(doc, "tags__missing", "$neq", "bye"));
    }

    [Fact]
    public void Eq_null_matches_a_missing_field_and_a_null_tag_but_not_a_present_one()
    {
        var doc = Tagged(("n", Value.ForNull()), ("s", Value.ForString("x")));

        Assert.True(Matches(doc, "tags__missing", "$eq", null));
        Assert.True(Matches(doc, "tags__n", "$eq", null));
        Assert.False(Matches(doc, "tags__s", "$eq", null));
    }

    [Theory]
    [InlineData("$lt", 6, true)]
    [InlineData("$lt", 5, false)]
    [InlineData("$lte", 5, true)]
    [InlineData("$lte", 4, false)]
    [InlineData("$gt", 4, true)]
    [InlineData("$gt", 5, false)]
    [InlineData("$gte", 5, true)]
    [InlineData("$gte", 6, false)]
    [InlineData("$lt", 5.5, true)]
    [InlineData("$gt", 4.999, true)]
    public void Ordering_operators_compare_numbers(string op, object value, bool expected)
    {
        var doc = Tagged(("x", Value.ForNumber(5)));

        Assert.Equal(expected, Matches(doc, "tags__x", op, value));
    }

    [Fact]
    public void A_yaml_int_equals_a_tag_double()
    {
        var doc = Tagged(("x", Value.ForNumber(1.0)));

        Assert.True(Matches(doc, "tags__x", "$eq", 1));
        Assert.True(Matches(doc, "tags__x", "$eq", 1L));
        Assert.True(Matches(doc, "tags__x", "$eq", 1.0));
        Assert.False(Matches(doc, "tags__x", "$neq", 1));
        Assert.False(Matches(doc, "tags__x", "$eq", 2));
        Assert.True(Matches(doc, "tags__x", "$in", new object?[] { 3, 1 }));
    }

    [Fact]
    public void Values_of_different_kinds_are_never_equal()
    {
        var doc = Tagged(("x", Value.ForNumber(1)), ("s", Value.ForString("1")), ("flag", Value.ForBool(true)));

        Assert.False(Matches(doc, "tags__x", "$eq", "1"));
        Assert.False(Matches(doc, "tags__s", "$eq", 1));
        Assert.False(Matches(doc, "tags__flag", "$eq", 1));
        Assert.True(Matches(doc, "tags__flag", "$eq", true));
        Assert.False(Matches(doc, "tags__flag", "$eq", false));
    }

    [Fact]
    public void Strings_compare_ordinally()
    {
        var zebra = Text("Zebra");
        var apple = Text("apple");

        // Ordinal: 'Z' (0x5A) sorts before 'a' (0x61); a culture-aware comparison would say the opposite.
        Assert.True(Matches(zebra, "text", "$lt", "apple"));
        Assert.False(Matches(apple, "text", "$lt", "Zebra"));
        Assert.True(Matches(apple, "text", "$gte", "Zebra"));
        Assert.True(Matches(apple, "text", "$lte", "apple"));
        Assert.False(Matches(apple, "text", "$eq", "APPLE"));
    }

    [Theory]
    [InlineData("$lt")]
    [InlineData("$lte")]
    [InlineData("$gt")]
    [InlineData("$gte")]
    public void Ordering_a_missing_field_is_false(string op)
    {
        var doc = Tagged(("x", Value.ForNumber(5)));

        Assert.False(Matches(doc, "tags__missing", op, 5));
        Assert.False(Matches(new DocumentProto { Id = "d" }, "text", op, "a"));
    }

    [Fact]
    public void Ordering_a_number_against_a_string_is_false_both_ways()
    {
        var doc = Tagged(("x", Value.ForNumber(5)), ("s", Value.ForString("5")));

        Assert.False(Matches(doc, "tags__x", "$lt", "9"));
        Assert.False(Matches(doc, "tags__x", "$gte", "0"));
        Assert.False(Matches(doc, "tags__s", "$lt", 9));
        Assert.False(Matches(doc, "tags__s", "$gte", 0));
    }

    [Fact]
    public void In_and_nin_test_membership_in_a_list()
    {
        var doc = Text("b");

        Assert.True(Matches(doc, "text", "$in", new object?[] { "a", "b" }));
        Assert.False(Matches(doc, "text", "$in", new object?[] { "a", "c" }));
        Assert.False(Matches(doc, "text", "$in", Array.Empty<object?>()));
        Assert.False(Matches(doc, "text", "$nin", new object?[] { "a", "b" }));
        Assert.True(Matches(doc, "text", "$nin", new object?[] { "a", "c" }));
        Assert.True(Matches(doc, "text", "$nin", Array.Empty<object?>()));
        Assert.False(Matches(doc, "uri", "$in", new object?[] { "a", "b" }));
        Assert.True(Matches(doc, "uri", "$nin", new object?[] { "a", "b" }));
    }

    [Fact]
    public void In_accepts_any_list_type_yaml_may_produce()
    {
        var doc = Tagged(("x", Value.ForNumber(2)));

        Assert.True(Matches(doc, "tags__x", "$in", new List<object?> { 1, 2 }));
        Assert.False(Matches(doc, "tags__x", "$nin", new List<object> { 2.0 }));
    }

    [Fact]
    public void Regex_is_a_search_not_a_full_match()
    {
        var doc = Text("hello world");

        Assert.True(Matches(doc, "text", "$regex", "wor"));
        Assert.True(Matches(doc, "text", "$regex", "o\\sw"));
        Assert.True(Matches(doc, "text", "$regex", "^hello"));
        Assert.False(Matches(doc, "text", "$regex", "^world"));
        Assert.False(Matches(doc, "text", "$regex", "World"));
    }

    [Fact]
    public void Regex_is_false_for_a_missing_or_non_string_field()
    {
        var doc = Tagged(("n", Value.ForNumber(5)));

        Assert.False(Matches(doc, "tags__n", "$regex", "5"));
        Assert.False(Matches(doc, "tags__missing", "$regex", ".*"));
        Assert.False(Matches(doc, "text", "$regex", ".*"));
    }

    [Fact]
    public void Size_counts_the_characters_of_a_string_and_is_false_for_a_number_or_a_missing_field()
    {
        var doc = Text("abcd", ("n", Value.ForNumber(3)));

        Assert.True(Matches(doc, "text", "$size", 4));
        Assert.False(Matches(doc, "text", "$size", 3));
        Assert.False(Matches(doc, "tags__n", "$size", 3));
        Assert.False(Matches(doc, "tags__missing", "$size", 0));
    }

    [Fact]
    public void Size_counts_the_items_of_a_tag_list_and_of_repeated_fields()
    {
        var doc = Tagged(("l", Value.ForList(Value.ForNumber(1), Value.ForString("two"), Value.ForBool(true))));
        doc.Chunks.Add(new DocumentProto { Id = "c1" });
        doc.Chunks.Add(new DocumentProto { Id = "c2" });
        doc.Location.Add([1f, 2f]);

        Assert.True(Matches(doc, "tags__l", "$size", 3));
        Assert.False(Matches(doc, "tags__l", "$size", 2));
        Assert.True(Matches(doc, "chunks", "$size", 2));
        Assert.True(Matches(doc, "matches", "$size", 0));
        Assert.False(Matches(doc, "matches", "$size", 1));
        Assert.True(Matches(doc, "location", "$size", 2));
    }

    [Fact]
    public void Exists_true_matches_present_fields_and_false_absent_ones()
    {
        var doc = Tagged(("a", Value.ForString("x")));

        Assert.True(Matches(doc, "tags__a", "$exists", true));
        Assert.True(Matches(doc, "tags", "$exists", true));
        Assert.False(Matches(doc, "tags__b", "$exists", true));
        Assert.False(Matches(doc, "text", "$exists", true));
        Assert.False(Matches(doc, "tags__a", "$exists", false));
        Assert.True(Matches(doc, "tags__b", "$exists", false));
        Assert.True(Matches(doc, "uri", "$exists", false));
    }

    [Fact]
    public void Empty_values_do_not_exist()
    {
        var doc = Tagged(
            ("s", Value.ForString("")),
            ("l", Value.ForList()),
            ("m", Value.ForStruct(new Struct())),
            ("zero", Value.ForNumber(0)),
            ("no", Value.ForBool(false)),
            ("null", Value.ForNull()));
        doc.Text = "";

        foreach (var field in new[] { "tags__s", "tags__l", "tags__m", "tags__zero", "tags__no", "tags__null", "text", "chunks", "matches", "location", "weight", "scores" })
        {
            Assert.True(Matches(doc, field, "$exists", false), field);
            Assert.False(Matches(doc, field, "$exists", true), field);
        }

        Assert.True(Matches(new DocumentProto { Id = "d" }, "tags", "$exists", false));
        Assert.True(Matches(new DocumentProto { Id = "d", Tags = new Struct() }, "tags", "$exists", false));
    }

    [Fact]
    public void Several_operators_on_one_field_are_anded()
    {
        var condition = Parse(Map(("tags__x", Map(("$gte", 2), ("$lt", 5)))));

        Assert.False(condition.Matches(Tagged(("x", Value.ForNumber(1)))));
        Assert.True(condition.Matches(Tagged(("x", Value.ForNumber(2)))));
        Assert.True(condition.Matches(Tagged(("x", Value.ForNumber(4.5)))));
        Assert.False(condition.Matches(Tagged(("x", Value.ForNumber(5)))));
    }

    [Fact]
    public void Several_fields_are_anded()
    {
        var condition = Parse(Map(("text", Map(("$eq", "a"))), ("tags__x", Map(("$eq", 1)))));

        Assert.True(condition.Matches(Text("a", ("x", Value.ForNumber(1)))));
        Assert.False(condition.Matches(Text("a", ("x", Value.ForNumber(2)))));
        Assert.False(condition.Matches(Text("b", ("x", Value.ForNumber(1)))));
    }

    [Fact]
    public void And_requires_every_condition()
    {
        var condition = Parse(Map(("$and", new object?[] { Map(("text", Map(("$regex", "a")))), Map(("text", Map(("$regex", "b")))) })));

        Assert.True(condition.Matches(Text("ab")));
        Assert.False(condition.Matches(Text("a")));
        Assert.False(condition.Matches(Text("b")));
    }

    [Fact]
    public void Or_requires_any_condition()
    {
        var condition = Parse(Map(("$or", new object?[] { Map(("text", Map(("$eq", "a")))), Map(("tags__x", Map(("$gt", 1)))) })));

        Assert.True(condition.Matches(Text("a")));
        Assert.True(condition.Matches(Text("z", ("x", Value.ForNumber(2)))));
        Assert.False(condition.Matches(Text("z", ("x", Value.ForNumber(1)))));
    }

    [Fact]
    public void Not_at_the_top_level_negates_its_condition()
    {
        var condition = Parse(Map(("$not", Map(("text", Map(("$eq", "a")))))));

        Assert.False(condition.Matches(Text("a")));
        Assert.True(condition.Matches(Text("b")));
        Assert.True(condition.Matches(new DocumentProto { Id = "d" }));
    }

    [Fact]
    public void Not_inside_a_field_negates_its_operators_together()
    {
        var condition = Parse(Map(("tags__x", Map(("$not", Map(("$gte", 2), ("$lt", 5)))))));

        Assert.True(condition.Matches(Tagged(("x", Value.ForNumber(1)))));
        Assert.False(condition.Matches(Tagged(("x", Value.ForNumber(3)))));
        Assert.True(condition.Matches(Tagged(("x", Value.ForNumber(5)))));
        Assert.True(condition.Matches(Tagged()));
    }

    [Fact]
    public void Logical_operators_nest()
    {
        // text == "a" and (x < 0 or not (x <= 10))
        var condition = Parse(Map(("$and", new object?[]
        {
            Map(("text", Map(("$eq", "a")))),
            Map(("$or", new object?[] { Map(("tags__x", Map(("$lt", 0)))), Map(("$not", Map(("tags__x", Map(("$lte", 10)))))) })),
        })));

        Assert.True(condition.Matches(Text("a", ("x", Value.ForNumber(-1)))));
        Assert.True(condition.Matches(Text("a", ("x", Value.ForNumber(11)))));
        Assert.False(condition.Matches(Text("a", ("x", Value.ForNumber(5)))));
        Assert.False(condition.Matches(Text("b", ("x", Value.ForNumber(11)))));
    }

    [Fact]
    public void A_logical_operator_is_anded_with_sibling_fields()
    {
        var condition = Parse(Map(("text", Map(("$eq", "a"))), ("$or", new object?[] { Map(("tags__x", Map(("$eq", 1)))), Map(("tags__x", Map(("$eq", 2)))) })));

        Assert.True(condition.Matches(Text("a", ("x", Value.ForNumber(2)))));
        Assert.False(condition.Matches(Text("a", ("x", Value.ForNumber(3)))));
        Assert.False(condition.Matches(Text("b", ("x", Value.ForNumber(1)))));
    }

    [Fact]
    public void Nested_tag_paths_use_double_underscores()
    {
        var inner = new Struct { Fields = { ["b"] = Value.ForString("deep"), ["c"] = Value.ForStruct(new Struct { Fields = { ["d"] = Value.ForNumber(4) } }) } };
        var doc = Tagged(("a", Value.ForStruct(inner)), ("flat", Value.ForString("x")));

        Assert.True(Matches(doc, "tags__a__b", "$eq", "deep"));
        Assert.True(Matches(doc, "tags__a__c__d", "$eq", 4));
        Assert.True(Matches(doc, "tags__a__missing", "$exists", false));
        Assert.True(Matches(doc, "tags__flat__b", "$exists", false));
        Assert.False(Matches(doc, "tags__flat__b", "$eq", "x"));
    }

    [Theory]
    [InlineData("id", "d1")]
    [InlineData("uri", "https://example.com/cat.png")]
    [InlineData("mime_type", "image/png")]
    [InlineData("modality", "image")]
    [InlineData("parent_id", "p0")]
    [InlineData("weight", 0.5)]
    [InlineData("granularity", 2)]
    [InlineData("adjacency", 1)]
    [InlineData("offset", 3)]
    [InlineData("scores__cosine__value", 0.25)]
    [InlineData("scores__cosine__op_name", "cosine")]
    [InlineData("evaluations__precision__value", 0.75)]
    [InlineData("evaluations__precision__ref_id", "r1")]
    public void Document_fields_are_readable(string field, object value)
    {
        var doc = FullDocument();

        Assert.True(Matches(doc, field, "$eq", value));
        Assert.False(Matches(doc, field, "$neq", value));
        Assert.True(Matches(doc, field, "$exists", true));
        Assert.False(Matches(new DocumentProto(), field, "$exists", true));
    }

    [Fact]
    public void Scalar_document_fields_compare_as_numbers()
    {
        var doc = FullDocument();

        Assert.True(Matches(doc, "weight", "$gt", 0.25));
        Assert.True(Matches(doc, "granularity", "$lt", 3));
        Assert.True(Matches(doc, "scores__cosine__value", "$lte", 0.25));
        Assert.False(Matches(doc, "scores__euclid__value", "$lte", 1));
    }

    [Fact]
    public void Content_fields_exist_only_for_the_set_content_and_embedding_only_when_set()
    {
        var blob = new DocumentProto { Id = "b", Blob = ByteString.CopyFromUtf8("abc") };
        var tensor = new DocumentProto { Id = "t", Tensor = new NdArrayProto() };

        Assert.True(Matches(blob, "text", "$exists", false));
        Assert.True(Matches(blob, "blob", "$exists", true));
        Assert.True(Matches(blob, "tensor", "$exists", false));
        Assert.True(Matches(tensor, "tensor", "$exists", true));
        Assert.True(Matches(tensor, "blob", "$exists", false));
        Assert.True(Matches(Text("x"), "blob", "$exists", false));
        Assert.True(Matches(new DocumentProto { Id = "d", Embedding = new NdArrayProto() }, "embedding", "$exists", true));
        Assert.True(Matches(blob, "embedding", "$exists", false));
    }

    [Fact]
    public void A_field_reference_compares_two_fields_of_the_same_document()
    {
        var condition = Parse(Map(("text", Map(("$eq", "{tags__title}")))));

        Assert.True(condition.Matches(Text("Cats", ("title", Value.ForString("Cats")))));
        Assert.False(condition.Matches(Text("Cats", ("title", Value.ForString("Dogs")))));
        Assert.False(condition.Matches(Text("Cats")));
    }

    [Fact]
    public void A_field_reference_works_with_ordering_and_tolerates_spaces()
    {
        var condition = Parse(Map(("tags__low", Map(("$lt", "{ tags__high }")))));

        Assert.True(condition.Matches(Tagged(("low", Value.ForNumber(1)), ("high", Value.ForNumber(2)))));
        Assert.False(condition.Matches(Tagged(("low", Value.ForNumber(2)), ("high", Value.ForNumber(2)))));
        Assert.False(condition.Matches(Tagged(("low", Value.ForNumber(1)))));
    }

    [Fact]
    public void A_field_reference_can_name_a_document_field()
    {
        var doc = FullDocument();
        doc.Tags.Fields["owner"] = Value.ForString("p0");

        Assert.True(Matches(doc, "tags__owner", "$eq", "{parent_id}"));
        Assert.False(Matches(doc, "tags__owner", "$eq", "{id}"));
    }

    [Fact]
    public void Eq_compares_lists_element_wise()
    {
        var doc = Tagged(("l", Value.ForList(Value.ForNumber(1), Value.ForString("a"))));
        doc.Location.Add([1f, 2f]);

        Assert.True(Matches(doc, "tags__l", "$eq", new object?[] { 1, "a" }));
        Assert.True(Matches(doc, "location", "$eq", new object?[] { 1.0, 2.0 }));
    }

    [Fact]
    public void Conditions_read_from_yaml_as_immutable_dictionaries_and_arrays_parse()
    {
        var when = ImmutableDictionary<string, object?>.Empty.Add("$or", new object?[]
        {
            ImmutableDictionary<string, object?>.Empty.Add("tags__x", ImmutableDictionary<string, object?>.Empty.Add("$in", new object?[] { 1, 2.5 })),
            ImmutableDictionary<string, object?>.Empty.Add("text", ImmutableDictionary<string, object?>.Empty.Add("$exists", true)),
        });

        var condition = DocumentCondition.Parse(when);

        Assert.True(condition.Matches(Tagged(("x", Value.ForNumber(2.5)))));
        Assert.True(condition.Matches(Text("t")));
        Assert.False(condition.Matches(Tagged(("x", Value.ForNumber(2)))));
    }

    [Fact]
    public void Parse_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => DocumentCondition.Parse(null!));
    }

    [Fact]
    public void An_unknown_field_operator_is_rejected_naming_its_path()
    {
        var ex = ParseError(Map(("tags__x", Map(("$ne", 1)))));

        Assert.StartsWith("when.tags__x.$ne: unknown operator '$ne'; use $eq, $neq,", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_top_level_operator_is_rejected_naming_its_path()
    {
        var ex = ParseError(Map(("$nor", new object?[] { Map(("text", Map(("$eq", "a")))) })));

        Assert.Equal("when.$nor: unknown operator '$nor'; use $and, $or, $not or a field name", ex.Message);
    }

    [Fact]
    public void An_error_deep_inside_logical_operators_names_the_full_path()
    {
        var ex = ParseError(Map(("$or", new object?[]
        {
            Map(("text", Map(("$eq", "a")))),
            Map(("$not", Map(("tags__x", Map(("$ne", 1)))))),
        })));

        Assert.StartsWith("when.$or[1].$not.tags__x.$ne: unknown operator '$ne'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_condition_or_a_field_without_operators_is_rejected()
    {
        Assert.Equal("when: an empty condition", ParseError(Map()).Message);
        Assert.Equal("when.$not: an empty condition", ParseError(Map(("$not", Map()))).Message);
        Assert.Equal("when.text: no operator for field 'text'", ParseError(Map(("text", Map()))).Message);
    }

    [Fact]
    public void A_field_given_a_plain_value_instead_of_operators_is_rejected()
    {
        var ex = ParseError(Map(("text", "hello")));

        Assert.Equal("when.text: expects a mapping such as {$eq: value}, not hello", ex.Message);
    }

    [Fact]
    public void An_invalid_or_non_string_regex_is_rejected_naming_the_pattern()
    {
        var ex = ParseError(Map(("text", Map(("$regex", "(unclosed")))));

        Assert.StartsWith("when.text.$regex: '(unclosed' is not a valid regular expression: ", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(ex.InnerException);
        Assert.Equal("when.text.$regex: expects a string pattern", ParseError(Map(("text", Map(("$regex", 5))))).Message);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData(1)]
    public void Exists_with_a_non_boolean_is_rejected(object value)
    {
        Assert.Equal("when.tags__a.$exists: expects true or false", ParseError(Map(("tags__a", Map(("$exists", value))))).Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2.0)]
    [InlineData("2")]
    public void Size_that_is_not_a_non_negative_integer_is_rejected(object value)
    {
        Assert.Equal("when.text.$size: expects a non-negative integer", ParseError(Map(("text", Map(("$size", value))))).Message);
    }

    [Fact]
    public void In_and_nin_that_are_not_lists_are_rejected()
    {
        Assert.Equal("when.text.$in: expects a list", ParseError(Map(("text", Map(("$in", "abc"))))).Message);
        Assert.Equal("when.text.$nin: expects a list", ParseError(Map(("text", Map(("$nin", 3))))).Message);
        Assert.Equal("when.text.$in: expects a list", ParseError(Map(("text", Map(("$in", Map(("a", 1))))))).Message);
    }

    [Fact]
    public void An_unknown_document_field_is_rejected_listing_the_known_ones()
    {
        var ex = ParseError(Map(("title", Map(("$eq", "a")))));

        Assert.StartsWith("when.title: 'title' is not a document field; use one of adjacency, blob, chunks,", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tags", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_in_a_reference_is_rejected_naming_its_path()
    {
        var ex = ParseError(Map(("text", Map(("$eq", "{title}")))));

        Assert.StartsWith("when.text.$eq: 'title' is not a document field", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{text")]
    public void An_illegal_reference_is_rejected(string reference)
    {
        var ex = ParseError(Map(("text", Map(("$eq", reference)))));

        Assert.Equal($"when.text.$eq: the field reference '{reference}' is illegal; write {{field}}", ex.Message);
    }

    [Fact]
    public void Logical_operators_need_a_non_empty_list_of_mappings()
    {
        Assert.Equal("when.$and: expects a list of conditions", ParseError(Map(("$and", Map(("text", Map(("$eq", "a"))))))).Message);
        Assert.Equal("when.$or: expects a list of conditions", ParseError(Map(("$or", "text"))).Message);
        Assert.Equal("when.$and: an empty list", ParseError(Map(("$and", Array.Empty<object?>()))).Message);
        Assert.StartsWith("when.$or[0]: expects a mapping", ParseError(Map(("$or", new object?[] { "text" }))).Message, StringComparison.Ordinal);
        Assert.StartsWith("when.$not: expects a mapping", ParseError(Map(("$not", null))).Message, StringComparison.Ordinal);
    }

    private static DocumentCondition Parse(Dictionary<string, object?> condition) => DocumentCondition.Parse(condition);

    private static InvalidOperationException ParseError(Dictionary<string, object?> condition) =>
        Assert.Throws<InvalidOperationException>(() => DocumentCondition.Parse(condition));

    private static bool Matches(DocumentProto document, string field, string op, object? value) =>
        Parse(Map((field, Map((op, value))))).Matches(document);

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            map.Add(key, value);
        }

        return map;
    }

    private static DocumentProto Text(string text, params (string Key, Value Value)[] tags)
    {
        var doc = Tagged(tags);
        doc.Text = text;
        return doc;
    }

    private static DocumentProto Tagged(params (string Key, Value Value)[] tags)
    {
        var doc = new DocumentProto { Id = "d", Tags = new Struct() };
        foreach (var (key, value) in tags)
        {
            doc.Tags.Fields.Add(key, value);
        }

        return doc;
    }

    private static DocumentProto FullDocument()
    {
        var doc = new DocumentProto
        {
            Id = "d1",
            Text = "hello",
            Uri = "https://example.com/cat.png",
            MimeType = "image/png",
            Modality = "image",
            ParentId = "p0",
            Weight = 0.5f,
            Granularity = 2,
            Adjacency = 1,
            Offset = 3f,
            Tags = new Struct(),
        };
        doc.Scores.Add("cosine", new NamedScoreProto { Value = 0.25f, OpName = "cosine" });
        doc.Evaluations.Add("precision", new NamedScoreProto { Value = 0.75f, RefId = "r1" });
        return doc;
    }
}
