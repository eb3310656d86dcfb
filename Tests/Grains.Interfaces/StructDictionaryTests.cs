using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces;

/// <summary>StructDictionary: a live view over a protobuf Struct where every number is a double.</summary>
public sealed class StructDictionaryTests
{
    [Fact]
    public void Writes_go_straight_to_the_struct()
    {
        var proto = new Struct();
        var dict = new StructDictionary(proto)
        {
            ["s"] = "text",
            ["b"] = false,
            ["n"] = null,
        };

        Assert.Same(proto, dict.Proto);
        Assert.Equal("text", proto.Fields["s"].StringValue);
        Assert.Equal(Value.KindOneofCase.BoolValue, proto.Fields["b"].KindCase);
        Assert.Equal(Value.KindOneofCase.NullValue, proto.Fields["n"].KindCase);
        Assert.Equal(3, dict.Count);
    }

    [Fact]
    public void Integers_are_stored_and_read_back_as_doubles()
    {
        var dict = new StructDictionary
        {
            ["i"] = 7,
            ["l"] = 9_000_000_000L,
            ["f"] = 0.5f,
        };

        Assert.Equal(7.0, Assert.IsType<double>(dict["i"]));
        Assert.Equal(9_000_000_000.0, Assert.IsType<double>(dict["l"]));
        Assert.Equal(0.5, Assert.IsType<double>(dict["f"]));
        Assert.Equal(Value.KindOneofCase.NumberValue, dict.Proto.Fields["i"].KindCase);
    }

    [Fact]
    public void Nested_dictionary_and_list_round_trip_as_views()
    {
        var dict = new StructDictionary
        {
            ["nested"] = new Dictionary<string, object?> { ["x"] = 1, ["list"] = new[] { 1, 2 }, ["name"] = "n" },
        };

        var nested = Assert.IsType<StructDictionary>(dict["nested"]);
        var list = Assert.IsType<StructList>(nested["list"]);

        Assert.Equal(1.0, nested["x"]);
        Assert.Equal("n", nested["name"]);
        Assert.Equal([1.0, 2.0], list.Cast<double>());
        Assert.Same(dict.Proto.Fields["nested"].StructValue, nested.Proto);
    }

    [Fact]
    public void Writing_through_a_nested_view_changes_the_parent_struct()
    {
        var dict = new StructDictionary { ["nested"] = new Dictionary<string, object?> { ["a"] = 1 } };

        var nested = (StructDictionary)dict["nested"]!;
        nested["b"] = "added";
        nested["list"] = new List<object?>();
        ((StructList)nested["list"]!).Add(3);

        var fields = dict.Proto.Fields["nested"].StructValue.Fields;
        Assert.Equal("added", fields["b"].StringValue);
        Assert.Equal(3.0, fields["list"].ListValue.Values[0].NumberValue);
    }

    [Fact]
    public void Missing_key_reads_as_null()
    {
        var dict = new StructDictionary();

        Assert.Null(dict["absent"]);
        Assert.False(dict.TryGetValue("absent", out _));
    }

    [Fact]
    public void Add_rejects_an_existing_key()
    {
        var dict = new StructDictionary { { "k", 1 } };

        var ex = Assert.Throws<ArgumentException>(() => dict.Add("k", 2));

        Assert.StartsWith("An entry with key 'k' already exists.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1.0, dict["k"]);
    }

    [Fact]
    public void Unsupported_value_type_is_rejected_naming_the_type()
    {
        var dict = new StructDictionary();

        var ex = Assert.Throws<ArgumentException>(() => dict["x"] = new object());

        Assert.Contains("System.Object cannot be stored in a protobuf Struct", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetString_returns_the_default_when_absent_or_not_a_string()
    {
        var dict = new StructDictionary { ["s"] = "v", ["n"] = 1 };

        Assert.Equal("v", dict.GetString("s"));
        Assert.Equal("fallback", dict.GetString("n", "fallback"));
        Assert.Null(dict.GetString("absent"));
    }

    [Fact]
    public void GetDouble_and_GetInt32_read_numbers_and_numeric_strings()
    {
        var dict = new StructDictionary { ["d"] = 2.75, ["s"] = "1.5", ["bad"] = "x", ["t"] = true };

        Assert.Equal(2.75, dict.GetDouble("d"));
        Assert.Equal(1.5, dict.GetDouble("s"));
        Assert.Equal(-1, dict.GetDouble("bad", -1));
        Assert.Equal(1, dict.GetDouble("t"));
        Assert.Equal(42, dict.GetDouble("absent", 42));
        Assert.Equal(2, dict.GetInt32("d"));
        Assert.Equal(9, dict.GetInt32("absent", 9));
    }

    [Fact]
    public void GetBoolean_reads_bools_and_bool_strings()
    {
        var dict = new StructDictionary { ["b"] = true, ["s"] = "True", ["n"] = 1 };

        Assert.True(dict.GetBoolean("b"));
        Assert.True(dict.GetBoolean("s"));
        Assert.False(dict.GetBoolean("n"));
        Assert.True(dict.GetBoolean("n", defaultValue: true));
        Assert.True(dict.GetBoolean("absent", defaultValue: true));
    }

    [Fact]
    public void Remove_deletes_from_the_struct()
    {
        var proto = new Struct();
        var dict = new StructDictionary(proto) { ["a"] = 1, ["b"] = 2 };

        Assert.True(dict.Remove("a"));
        Assert.False(dict.Remove("a"));
        Assert.Equal(["b"], proto.Fields.Keys);
    }

    [Fact]
    public void Contains_pair_finds_an_int_that_was_added()
    {
        var dict = new StructDictionary();
        var item = new KeyValuePair<string, object?>("n", 1);

        dict.Add(item);

        var contains = dict.Contains(item);
        var removed = dict.Remove(item);
        Assert.True(contains);
        Assert.True(removed);
    }
}
