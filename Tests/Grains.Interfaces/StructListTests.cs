using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace JinaOrleans.Tests.Grains.Interfaces;

/// <summary>StructList: a live view over a protobuf ListValue.</summary>
public sealed class StructListTests
{
    [Fact]
    public void Add_writes_to_the_list_value_with_numbers_as_doubles()
    {
        var proto = new ListValue();
        var list = new StructList(proto) { 1, "two", true, null };

        Assert.Same(proto, list.Proto);
        Assert.Equal(4, proto.Values.Count);
        Assert.Equal(1.0, proto.Values[0].NumberValue);
        Assert.Equal([1.0, "two", true, null], list.ToArray());
    }

    [Fact]
    public void IndexOf_Contains_and_Remove_compare_by_value_after_conversion()
    {
        var list = new StructList { "a", 2, "c" };

        Assert.Equal(1, list.IndexOf(2));
        Assert.Equal(1, list.IndexOf(2.0));
        var containsC = list.Contains("c");
        var containsZ = list.Contains("z");
        Assert.True(containsC);
        Assert.False(containsZ);
        Assert.True(list.Remove(2));
        Assert.False(list.Remove(2));
        Assert.Equal(["a", "c"], list.ToArray());
    }

    [Fact]
    public void Insert_and_indexer_write_in_place()
    {
        var list = new StructList { "a", "c" };

        list.Insert(1, "b");
        list[2] = 3;

        Assert.Equal(["a", "b", 3.0], list.ToArray());
    }

    [Fact]
    public void Nested_lists_and_objects_are_live_views()
    {
        var list = new StructList { new[] { 1, 2 }, new Dictionary<string, object?> { ["k"] = "v" } };

        var inner = Assert.IsType<StructList>(list[0]);
        var obj = Assert.IsType<StructDictionary>(list[1]);
        inner.Add(3);
        obj["k2"] = "v2";

        Assert.Equal(3, list.Proto.Values[0].ListValue.Values.Count);
        Assert.Equal("v2", list.Proto.Values[1].StructValue.Fields["k2"].StringValue);
    }
}
