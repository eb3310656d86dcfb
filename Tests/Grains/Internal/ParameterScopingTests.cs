using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Grains.Internal;
using Xunit;

namespace JinaOrleans.Tests.Grains.Internal;

/// <summary>Executor-specific parameters (JINA_PROTOCOL.md §8).</summary>
public sealed class ParameterScopingTests
{
    [Fact]
    public void Prefixed_key_reaches_its_executor_without_the_prefix()
    {
        var parameters = Struct(("encoder__top_k", 5), ("shared", "s"));

        var scoped = ParameterScoping.ForExecutor(parameters, "encoder")!;

        Assert.Equal(["shared", "top_k"], scoped.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5.0, scoped.Fields["top_k"].NumberValue);
        Assert.Equal("s", scoped.Fields["shared"].StringValue);
    }

    [Fact]
    public void Prefixed_key_is_removed_for_other_executors()
    {
        var parameters = Struct(("encoder__top_k", 5), ("indexer__limit", 2), ("shared", "s"));

        var scoped = ParameterScoping.ForExecutor(parameters, "ranker")!;

        Assert.Equal(["shared"], scoped.Fields.Keys);
    }

    [Fact]
    public void Prefixed_key_overrides_the_top_level_key_for_its_executor()
    {
        var parameters = Struct(("encoder__top_k", 5), ("top_k", 1));

        Assert.Equal(5.0, ParameterScoping.ForExecutor(parameters, "encoder")!.Fields["top_k"].NumberValue);
        Assert.Equal(1.0, ParameterScoping.ForExecutor(parameters, "indexer")!.Fields["top_k"].NumberValue);
    }

    [Fact]
    public void Key_is_split_at_the_last_double_underscore()
    {
        var parameters = Struct(("my__exec__k", "v"));

        Assert.Equal("v", ParameterScoping.ForExecutor(parameters, "my__exec")!.Fields["k"].StringValue);
        Assert.Empty(ParameterScoping.ForExecutor(parameters, "my")!.Fields);
    }

    [Fact]
    public void Object_under_the_executor_name_is_merged_into_the_top_level_and_kept()
    {
        var own = new Struct();
        own.Fields["top_k"] = Value.ForNumber(3);
        own.Fields["mode"] = Value.ForString("fast");
        var parameters = Struct(("top_k", 1), ("other", "o"));
        parameters.Fields["encoder"] = Value.ForStruct(own);

        var scoped = ParameterScoping.ForExecutor(parameters, "encoder")!;

        Assert.Equal(3.0, scoped.Fields["top_k"].NumberValue);
        Assert.Equal("fast", scoped.Fields["mode"].StringValue);
        Assert.Equal("o", scoped.Fields["other"].StringValue);
        Assert.Equal(Value.KindOneofCase.StructValue, scoped.Fields["encoder"].KindCase);
    }

    [Fact]
    public void Object_under_the_executor_name_wins_over_the_prefixed_key()
    {
        var own = new Struct();
        own.Fields["top_k"] = Value.ForNumber(3);
        var parameters = Struct(("encoder__top_k", 5));
        parameters.Fields["encoder"] = Value.ForStruct(own);

        Assert.Equal(3.0, ParameterScoping.ForExecutor(parameters, "encoder")!.Fields["top_k"].NumberValue);
    }

    [Fact]
    public void Object_under_another_executor_name_is_not_merged()
    {
        var own = new Struct();
        own.Fields["top_k"] = Value.ForNumber(3);
        var parameters = Struct(("top_k", 1));
        parameters.Fields["encoder"] = Value.ForStruct(own);

        var scoped = ParameterScoping.ForExecutor(parameters, "indexer")!;

        Assert.Equal(1.0, scoped.Fields["top_k"].NumberValue);
    }

    [Fact]
    public void Results_key_is_not_executor_specific()
    {
        Assert.False(ParameterScoping.IsExecutorSpecific(WellKnownEndpoints.ResultsKey));
        Assert.False(ParameterScoping.IsExecutorSpecific("__private"));
        Assert.False(ParameterScoping.IsExecutorSpecific("trailing__"));
        Assert.False(ParameterScoping.IsExecutorSpecific("plain_key"));
        Assert.True(ParameterScoping.IsExecutorSpecific("e__k"));
    }

    [Fact]
    public void Results_are_kept_for_every_executor()
    {
        var results = new Struct();
        results.Fields["executor0/rep-0"] = Value.ForStruct(new Struct());
        var parameters = Struct(("encoder__top_k", 5));
        parameters.Fields[WellKnownEndpoints.ResultsKey] = Value.ForStruct(results);

        var scoped = ParameterScoping.ForExecutor(parameters, "indexer")!;

        Assert.Equal(["__results__"], scoped.Fields.Keys);
    }

    [Fact]
    public void Returns_the_same_struct_when_nothing_is_specific()
    {
        var parameters = Struct(("top_k", 1), ("__results__", "r"), ("x__", "y"));

        Assert.Same(parameters, ParameterScoping.ForExecutor(parameters, "encoder"));
    }

    [Fact]
    public void Returns_null_for_null()
    {
        Assert.Null(ParameterScoping.ForExecutor(null, "encoder"));
    }

    [Fact]
    public void Scoping_does_not_modify_the_original()
    {
        var parameters = Struct(("encoder__top_k", 5), ("top_k", 1));

        _ = ParameterScoping.ForExecutor(parameters, "encoder");

        Assert.Equal(["encoder__top_k", "top_k"], parameters.Fields.Keys);
        Assert.Equal(1.0, parameters.Fields["top_k"].NumberValue);
    }

    private static Struct Struct(params (string Key, object Value)[] entries)
    {
        var result = new Struct();
        foreach (var (key, value) in entries)
        {
            result.Fields[key] = value switch
            {
                string s => Value.ForString(s),
                int i => Value.ForNumber(i),
                _ => throw new ArgumentException("string or int", nameof(entries)),
            };
        }

        return result;
    }
}
