using JinaOrleans.Grains.Executors;
using JinaOrleans.Samples.Flows;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary>Streaming endpoint methods as the binder sees them: what it accepts, what it refuses, how they are described.</summary>
public sealed class StreamingEndpointBinderTests
{
    [Fact]
    public async Task An_async_generator_and_a_synchronous_one_are_bound_as_streaming_endpoints()
    {
        var table = EndpointBinder.Bind(typeof(TwoGenerators));
        var executor = new TwoGenerators();

        var fromAsync = await table.FindStreaming("/async")!(executor, new Document("x"), new Parameters(), CancellationToken.None).ToListAsync();
        var fromSync = await table.FindStreaming("/sync")!(executor, new Document("y"), new Parameters(), CancellationToken.None).ToListAsync();

        Assert.Equal(["x1", "x2"], fromAsync.Select(d => d.Text));
        Assert.Equal(["y!"], fromSync.Select(d => d.Text));
        Assert.Null(table.Find("/async"));
        Assert.Null(table.FindStreaming("/plain"));
        Assert.NotNull(table.Find("/plain"));
        Assert.True(table.HasStreaming);
        Assert.Equal(["/async", "/plain", "/sync"], table.Endpoints.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_generator_is_described_as_jina_describes_one()
    {
        var schemas = EndpointSchema.Describe(EndpointBinder.Bind(typeof(TokenGenerator)).Schemas);

        var stream = schemas.Fields["/stream"].StructValue;
        Assert.True(stream.Fields["is_generator"].BoolValue);
        Assert.True(stream.Fields["is_singleton_doc"].BoolValue);
        Assert.Equal("LegacyDocumentJina", stream.Fields["input"].StructValue.Fields["name"].StringValue);
    }

    [Theory]
    [InlineData(typeof(TakesNoDocument), "takes no Document")]
    [InlineData(typeof(TakesAnArray), "may only take one Document")]
    [InlineData(typeof(BatchedGenerator), "[DynamicBatching]")]
    public void Signatures_a_stream_cannot_have_fail_at_binding_naming_the_method(Type executor, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => EndpointBinder.Bind(executor));

        Assert.Contains(".Generate", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private sealed class TwoGenerators : Executor
    {
        [Requests("/async")]
        public async IAsyncEnumerable<Document> Generate(Document doc)
        {
            await Task.Yield();
            yield return new Document(doc.Text + "1");
            yield return new Document(doc.Text + "2");
        }

        [Requests("/sync")]
        public IEnumerable<Document> Echo(Document doc, Parameters parameters)
        {
            yield return new Document(doc.Text + "!");
        }

        [Requests("/plain")]
        public void Plain(DocumentArray docs)
        {
        }
    }

    private sealed class TakesNoDocument : Executor
    {
        [Requests("/s")]
        public IEnumerable<Document> Generate(Parameters parameters) => [];
    }

    private sealed class TakesAnArray : Executor
    {
        [Requests("/s")]
        public IEnumerable<Document> Generate(DocumentArray docs)
        {
            foreach (var doc in docs)
            {
                yield return doc;
            }
        }
    }

    private sealed class BatchedGenerator : Executor
    {
        [Requests("/s")]
        [DynamicBatching(PreferredBatchSize = 4)]
        public IEnumerable<Document> Generate(Document doc) => [doc];
    }
}
