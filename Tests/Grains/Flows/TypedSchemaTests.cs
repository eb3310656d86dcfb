using JinaOrleans.Client;
using JinaOrleans.Samples.Flows;
using JinaOrleans.Tests.Support;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>
/// A typed executor over a custom schema (<see cref="QueryEmbedder"/> over <see cref="Query"/>) end to end, embedded
/// and on a cluster: v2 documents in, v2 documents out; v1 documents are served too, in v1.
/// </summary>
public abstract class TypedSchemaTests
{
    private const string Yaml = """
        jtype: Flow
        executors:
          - name: embedder
            uses: QueryEmbedder
        """;

    private protected abstract Task<IFlowHost> StartAsync(string yaml);

    [Fact]
    public async Task Queries_sent_as_docarray_v2_come_back_embedded_as_v2()
    {
        await using var host = await StartAsync(Yaml);
        using var client = host.CreateClient();
        var queries = new DocList<Query> { new() { Text = "hello typed world" }, new() { Text = "two words" } };

        var docs = await client.PostAsync("/embed", queries.ToDocuments(DocArrayFlavour.V2));

        Assert.Equal(DocArrayFlavour.V2, docs.Flavour);
        var answers = docs.As<Query>();
        Assert.Equal(queries.Select(q => q.Id), answers.Select(a => a.Id));
        Assert.Equal([3, 2], answers.Select(a => a.Words));
        Assert.Equal([17f, 3f], answers[0].Embedding!);
        Assert.Equal(["two", "words"], answers[1].Tokens);
        Assert.Equal(["embedding", "id", "text", "tokens", "words"], docs[0].Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Queries_sent_as_docarray_v1_come_back_in_v1_with_the_schema_fields_v1_has_no_place_for_in_the_tags()
    {
        await using var host = await StartAsync(Yaml);
        using var client = host.CreateClient();

        var docs = await client.PostAsync("/embed", new DocumentArray([new Document("hello typed world")]));

        Assert.Equal(DocArrayFlavour.V1, docs.Flavour);
        Assert.Equal("hello typed world", docs[0].Text);
        Assert.Equal([17f, 3f], docs[0].Embedding!.AsSpan<float>().ToArray());
        Assert.Equal(3, docs[0].Tags.GetInt32("words"));
    }
}
