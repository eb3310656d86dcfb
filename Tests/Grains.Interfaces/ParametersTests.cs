using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces;

/// <summary>Parameters: copy-on-write over the request's Struct, so an executor's edits never leak.</summary>
public sealed class ParametersTests
{
    [Fact]
    public void Reading_scalars_sees_the_source()
    {
        var parameters = Parameters.FromStruct(Source());

        Assert.Equal("v", parameters["s"]);
        Assert.Equal(5.0, parameters["n"]);
        Assert.Equal(3, parameters.Count);
        Assert.True(parameters.ContainsKey("obj"));
    }

    [Fact]
    public void Writing_does_not_modify_the_source()
    {
        var source = Source();
        var parameters = Parameters.FromStruct(source);

        parameters["s"] = "changed";
        parameters["new"] = 1;

        Assert.Equal("changed", parameters["s"]);
        Assert.Equal(1.0, parameters["new"]);
        Assert.Equal("v", source.Fields["s"].StringValue);
        Assert.False(source.Fields.ContainsKey("new"));
    }

    [Fact]
    public void Writing_into_a_nested_object_does_not_modify_the_source()
    {
        var source = Source();
        var parameters = Parameters.FromStruct(source);

        var nested = Assert.IsType<StructDictionary>(parameters["obj"]);
        nested["inner"] = "changed";
        nested["added"] = true;

        Assert.Equal("x", source.Fields["obj"].StructValue.Fields["inner"].StringValue);
        Assert.False(source.Fields["obj"].StructValue.Fields.ContainsKey("added"));
        Assert.Equal("changed", ((StructDictionary)parameters["obj"]!)["inner"]);
    }

    [Fact]
    public void Enumerating_and_editing_nested_objects_does_not_modify_the_source()
    {
        var source = Source();
        var parameters = Parameters.FromStruct(source);

        foreach (var (_, value) in parameters)
        {
            if (value is StructDictionary nested)
            {
                nested.Clear();
            }
        }

        Assert.Single(source.Fields["obj"].StructValue.Fields);
    }

    [Fact]
    public void Remove_does_not_modify_the_source()
    {
        var source = Source();
        var parameters = Parameters.FromStruct(source);

        Assert.True(parameters.Remove("s"));
        Assert.False(parameters.Remove("absent"));

        Assert.False(parameters.ContainsKey("s"));
        Assert.True(source.Fields.ContainsKey("s"));
    }

    [Fact]
    public void ToStruct_returns_a_copy()
    {
        var parameters = Parameters.FromDictionary(new Dictionary<string, object?> { ["a"] = 1 });

        var copy = parameters.ToStruct();
        copy.Fields["a"] = Value.ForString("changed");

        Assert.Equal(1.0, parameters["a"]);
    }

    [Fact]
    public void FromDictionary_copies_values_and_converts_numbers()
    {
        var values = new Dictionary<string, object?> { ["i"] = 3, ["s"] = "x", ["list"] = new List<object?> { 1, "b" } };

        var parameters = Parameters.FromDictionary(values);
        values["i"] = 99;

        Assert.Equal(3.0, parameters["i"]);
        Assert.Equal("x", parameters["s"]);
        Assert.Equal([1.0, "b"], Assert.IsType<StructList>(parameters["list"]).ToArray());
    }

    [Fact]
    public void FromDictionary_copies_a_nested_StructDictionary()
    {
        var tags = new StructDictionary { ["a"] = 1 };
        var parameters = Parameters.FromDictionary(new Dictionary<string, object?> { ["tags"] = tags });

        ((StructDictionary)parameters["tags"]!)["a"] = 2;

        Assert.Equal(1.0, tags["a"]);
    }

    [Fact]
    public void FromStruct_null_gives_empty_writable_parameters()
    {
        var parameters = Parameters.FromStruct(null);
        parameters["k"] = "v";

        Assert.Equal("v", parameters.GetString("k"));
    }

    [Fact]
    public void Typed_getters_read_values_or_return_defaults()
    {
        var parameters = Parameters.FromDictionary(new Dictionary<string, object?>
        {
            ["s"] = "text",
            ["d"] = 2.5,
            ["top_k"] = 10,
            ["numeric_string"] = "7",
            ["flag"] = true,
        });

        Assert.Equal("text", parameters.GetString("s"));
        Assert.Equal("dflt", parameters.GetString("d", "dflt"));
        Assert.Equal(2.5, parameters.GetDouble("d"));
        Assert.Equal(10, parameters.GetInt32("top_k"));
        Assert.Equal(7, parameters.GetInt32("numeric_string"));
        Assert.Equal(4, parameters.GetInt32("absent", 4));
        Assert.Equal(-1, parameters.GetDouble("s", -1));
        Assert.True(parameters.GetBoolean("flag"));
        Assert.False(parameters.GetBoolean("s"));
        Assert.True(parameters.GetBoolean("absent", defaultValue: true));
    }

    [Fact]
    public void Missing_key_reads_as_null()
    {
        var parameters = new Parameters();

        Assert.Null(parameters["absent"]);
        Assert.False(parameters.TryGetValue("absent", out _));
    }

    private static Struct Source()
    {
        var source = new Struct();
        source.Fields["s"] = Value.ForString("v");
        source.Fields["n"] = Value.ForNumber(5);
        var nested = new Struct();
        nested.Fields["inner"] = Value.ForString("x");
        source.Fields["obj"] = Value.ForStruct(nested);
        return source;
    }
}
