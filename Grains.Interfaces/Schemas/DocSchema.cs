using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using Google.Protobuf.WellKnownTypes;

namespace JinaOrleans.Internal;

/// <summary>
/// The mapping between a document schema type (<see cref="TextDoc"/>, <see cref="ImageDoc"/>, a user's class or
/// record) and documents of either flavour, built once per type by reflection (compiled property accessors), never
/// per request. Fields are read and written through <see cref="Document"/>'s indexer, so one mapping serves v1 and v2;
/// the JSON Schema is what <c>endpoint_discovery</c> reports for the type, as pydantic describes a docarray schema.
/// </summary>
internal sealed class DocSchema
{
    private static readonly ConcurrentDictionary<System.Type, DocSchema> Cache = new();

    private readonly Func<object> _create;

    private DocSchema(System.Type type)
    {
        Type = type;
        var constructor = type.GetConstructor(System.Type.EmptyTypes)
            ?? throw new InvalidOperationException($"{type.Name} cannot be a document schema: it has no public parameterless constructor.");
        _create = Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(constructor), typeof(object))).Compile();
        Fields = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .Select(p => DocSchemaField.Create(type, p))];
    }

    public System.Type Type { get; }

    public IReadOnlyList<DocSchemaField> Fields { get; }

    /// <summary>The schema of <paramref name="type"/>; an unsupported property fails here, naming it.</summary>
    public static DocSchema Of(System.Type type) => Cache.GetOrAdd(type, static t => new DocSchema(t));

    /// <summary>The wire name of a property: <see cref="DocFieldAttribute"/>, else its name in snake_case.</summary>
    public static string FieldName(PropertyInfo property) =>
        property.GetCustomAttribute<DocFieldAttribute>()?.Name ?? SnakeCase(property.Name);

    /// <summary>A new object of the schema holding what <paramref name="document"/> holds.</summary>
    public object Read(Document document)
    {
        var item = _create();
        foreach (var field in Fields)
        {
            if (field.Read(document) is { } value)
            {
                field.Set(item, value);
            }
        }

        return item;
    }

    /// <summary>A new document of <paramref name="flavour"/> holding <paramref name="item"/>'s fields (None ones included in v2).</summary>
    public Document Write(object item, DocArrayFlavour flavour)
    {
        var document = flavour == DocArrayFlavour.V2 ? new Document(new Protos.DocArrayV2.DocProto()) : new Document();
        foreach (var field in Fields)
        {
            field.Write(document, field.Get(item), flavour);
        }

        return document;
    }

    /// <summary>The JSON Schema of the type, as pydantic describes a docarray schema (title, type, properties).</summary>
    public Struct JsonSchema()
    {
        var properties = new Struct();
        foreach (var field in Fields)
        {
            properties.Fields[field.Name] = new Value { StructValue = field.JsonSchema() };
        }

        return new Struct
        {
            Fields =
            {
                ["title"] = Value.ForString(Type.Name),
                ["type"] = Value.ForString("object"),
                ["properties"] = new Value { StructValue = properties },
            },
        };
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
