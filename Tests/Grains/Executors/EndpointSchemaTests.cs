using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Grains.Executors;
using JinaOrleans.Samples.Flows;
using JinaOrleans.Samples.Hello;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary><c>endpoint_discovery</c>'s schemas, as a Jina v2 executor reports them.</summary>
public sealed class EndpointSchemaTests
{
    [Fact]
    public void A_typed_endpoint_reports_its_schema_as_json_schema_for_input_and_output()
    {
        var schemas = EndpointSchema.Describe(EndpointBinder.Bind(typeof(QueryEmbedder)).Schemas);

        var embed = schemas.Fields["/embed"].StructValue;
        var input = embed.Fields["input"].StructValue;
        Assert.Equal("Query", input.Fields["name"].StringValue);
        var model = input.Fields["model"].StructValue;
        Assert.Equal("object", model.Fields["type"].StringValue);
        var properties = model.Fields["properties"].StructValue.Fields;
        Assert.Equal(["embedding", "id", "text", "tokens", "words"], properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("integer", properties["words"].StructValue.Fields["type"].StringValue);
        Assert.Equal("array", properties["embedding"].StructValue.Fields["type"].StringValue);
        Assert.Equal("string", properties["tokens"].StructValue.Fields["items"].StructValue.Fields["type"].StringValue);
        Assert.Equal("Query", embed.Fields["output"].StructValue.Fields["name"].StringValue);
        Assert.False(embed.Fields["is_generator"].BoolValue);
        Assert.False(embed.Fields["is_singleton_doc"].BoolValue);
        Assert.Equal(Value.KindOneofCase.NullValue, embed.Fields["parameters"].StructValue.Fields["model"].KindCase);
    }

    [Fact]
    public void An_untyped_endpoint_reports_the_legacy_document()
    {
        var schemas = EndpointSchema.Describe(EndpointBinder.Bind(typeof(FooExecutor)).Schemas);

        var endpoint = Assert.Single(schemas.Fields).Value.StructValue;
        var input = endpoint.Fields["input"].StructValue;
        Assert.Equal("LegacyDocumentJina", input.Fields["name"].StringValue);
        Assert.Contains("chunks", input.Fields["model"].StructValue.Fields["properties"].StructValue.Fields.Keys);
    }

    [Fact]
    public void A_schema_property_of_an_unsupported_type_fails_at_binding_naming_it()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(typeof(BadSchemaExecutor)));

        Assert.Contains("Bad.When has type DateTime", ex.Message, StringComparison.Ordinal);
    }

    public sealed class Bad
    {
        public DateTime When { get; set; }
    }

    public sealed class BadSchemaExecutor : Executor
    {
        [Requests]
        public void Run(DocList<Bad> docs) => _ = docs;
    }
}
