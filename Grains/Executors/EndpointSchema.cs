using System.Reflection;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Internal;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// The document schemas an endpoint method takes and returns: the T of its <c>DocList&lt;T&gt;</c> parameter and
/// result, or null for an untyped method (<c>DocumentArray</c>), which Jina v2 describes with its legacy schema.
/// </summary>
internal sealed record EndpointSchema(System.Type? Input, System.Type? Output, bool IsGenerator = false)
{
    /// <summary>The name Jina v2 gives the schema of an executor without types.</summary>
    public const string LegacyName = "LegacyDocumentJina";

    public static EndpointSchema Of(MethodInfo method)
    {
        if (EndpointBinder.IsStreaming(method.ReturnType))
        {
            // A generator takes one document and yields documents (Jina's is_generator, is_singleton_doc).
            return new EndpointSchema(null, null, IsGenerator: true);
        }

        var input = method.GetParameters().Select(p => ItemType(p.ParameterType)).FirstOrDefault(t => t is not null);
        var result = method.ReturnType;
        if (result.IsGenericType && (result.GetGenericTypeDefinition() == typeof(Task<>) || result.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            result = result.GetGenericArguments()[0];
        }

        var output = ItemType(result) ?? (result == typeof(void) || result == typeof(Task) || result == typeof(ValueTask) ? input : null);
        return new EndpointSchema(input, output);
    }

    /// <summary>
    /// <c>endpoint_discovery</c>'s <c>schemas</c>, as a Jina v2 executor sends them: per endpoint its input and output
    /// (name and JSON Schema), <c>is_generator</c>, <c>is_singleton_doc</c> and <c>parameters</c>.
    /// </summary>
    public static Struct Describe(IReadOnlyDictionary<string, EndpointSchema> schemas)
    {
        var result = new Struct();
        foreach (var (endpoint, schema) in schemas.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result.Fields[endpoint] = new Value
            {
                StructValue = new Struct
                {
                    Fields =
                    {
                        ["input"] = Model(schema.Input),
                        ["output"] = Model(schema.Output),
                        ["is_generator"] = Value.ForBool(schema.IsGenerator),
                        ["is_singleton_doc"] = Value.ForBool(schema.IsGenerator),
                        ["parameters"] = new Value { StructValue = new Struct { Fields = { ["name"] = Value.ForNull(), ["model"] = Value.ForNull() } } },
                    },
                },
            };
        }

        return result;
    }

    private static Value Model(System.Type? type) => new()
    {
        StructValue = new Struct
        {
            Fields =
            {
                ["name"] = Value.ForString(type?.Name ?? LegacyName),
                ["model"] = new Value { StructValue = type is null ? LegacySchema() : DocSchema.Of(type).JsonSchema() },
            },
        },
    };

    /// <summary>The legacy document (id, text, tensor, blob, url, tags, embedding, chunks, matches), as Jina v2 describes untyped executors.</summary>
    private static Struct LegacySchema()
    {
        var properties = new Struct();
        void Add(string name, string type, string? format = null, bool items = false)
        {
            var property = new Struct { Fields = { ["title"] = Value.ForString(char.ToUpperInvariant(name[0]) + name[1..]), ["type"] = Value.ForString(type) } };
            if (format is not null)
            {
                property.Fields["format"] = Value.ForString(format);
            }

            if (items)
            {
                property.Fields["items"] = new Value { StructValue = new Struct { Fields = { ["type"] = Value.ForString("object") } } };
            }

            properties.Fields[name] = new Value { StructValue = property };
        }

        Add("id", "string");
        Add("text", "string");
        Add("tensor", "array");
        Add("blob", "string", format: "binary");
        Add("url", "string");
        Add("tags", "object");
        Add("embedding", "array");
        Add("chunks", "array", items: true);
        Add("matches", "array", items: true);
        return new Struct
        {
            Fields =
            {
                ["title"] = Value.ForString(LegacyName),
                ["type"] = Value.ForString("object"),
                ["properties"] = new Value { StructValue = properties },
            },
        };
    }

    private static System.Type? ItemType(System.Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(DocList<>) ? type.GetGenericArguments()[0] : null;
}
