using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace JinaOrleans.Internal;

/// <summary>One property of a <see cref="DocSchema"/>: its wire name, what kind of value it holds, compiled accessors.</summary>
internal sealed class DocSchemaField
{
    private readonly Func<object, object?> _get;
    private readonly Action<object, object?> _set;
    private readonly Func<DocumentArray, object>? _readList;

    private DocSchemaField(string name, System.Type type, FieldKind kind, System.Type? element, Func<object, object?> get, Action<object, object?> set)
    {
        Name = name;
        ValueType = type;
        Kind = kind;
        Element = element;
        _get = get;
        _set = set;
        if (kind == FieldKind.Documents)
        {
            var read = typeof(DocumentArray).GetMethod(nameof(DocumentArray.As))!.MakeGenericMethod(element!);
            _readList = read.CreateDelegate<Func<DocumentArray, object>>();
        }
    }

    public enum FieldKind
    {
        Text,
        Integer,
        Long,
        Double,
        Single,
        Boolean,
        Bytes,
        Tensor,
        SingleVector,
        DoubleVector,
        Document,
        Documents,
        List,
        Dictionary,
    }

    public string Name { get; }

    public System.Type ValueType { get; }

    public FieldKind Kind { get; }

    /// <summary>The element type of a list, a dictionary's values, a nested schema or a DocList's schema.</summary>
    public System.Type? Element { get; }

    public static DocSchemaField Create(System.Type owner, PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        System.Type? element = null;
        var kind = type switch
        {
            _ when type == typeof(string) => FieldKind.Text,
            _ when type == typeof(int) => FieldKind.Integer,
            _ when type == typeof(long) => FieldKind.Long,
            _ when type == typeof(double) => FieldKind.Double,
            _ when type == typeof(float) => FieldKind.Single,
            _ when type == typeof(bool) => FieldKind.Boolean,
            _ when type == typeof(byte[]) => FieldKind.Bytes,
            _ when type == typeof(NdArray) => FieldKind.Tensor,
            _ when type == typeof(float[]) => FieldKind.SingleVector,
            _ when type == typeof(double[]) => FieldKind.DoubleVector,
            _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(DocList<>) => FieldKind.Documents,
            _ when ListElement(type) is { } item && IsScalar(item) => FieldKind.List,
            _ when DictionaryValue(type) is { } entry && IsScalar(entry) => FieldKind.Dictionary,
            _ when type.IsClass && type.GetConstructor(System.Type.EmptyTypes) is not null && !typeof(IEnumerable).IsAssignableFrom(type) => FieldKind.Document,
            _ => throw new InvalidOperationException(
                $"{owner.Name}.{property.Name} has type {property.PropertyType.Name}, which a document schema cannot hold; use string, int, long, double, float, bool, byte[], NdArray, float[], double[], a nested schema, DocList<T>, a list or a string-keyed dictionary of those scalars."),
        };
        element = kind switch
        {
            FieldKind.Documents => type.GetGenericArguments()[0],
            FieldKind.List => ListElement(type),
            FieldKind.Dictionary => DictionaryValue(type),
            FieldKind.Document => type,
            _ => null,
        };
        if (kind == FieldKind.Document)
        {
            _ = DocSchema.Of(type); // a nested schema is checked now too
        }

        var target = Expression.Parameter(typeof(object), "target");
        var value = Expression.Parameter(typeof(object), "value");
        var instance = Expression.Convert(target, owner);
        var get = Expression.Lambda<Func<object, object?>>(Expression.Convert(Expression.Property(instance, property), typeof(object)), target).Compile();
        var set = Expression.Lambda<Action<object, object?>>(
            Expression.Call(instance, property.SetMethod!, Expression.Convert(value, property.PropertyType)), target, value).Compile();
        return new DocSchemaField(DocSchema.FieldName(property), property.PropertyType, kind, element, get, set);
    }

    public object? Get(object item) => _get(item);

    public void Set(object item, object value) => _set(item, value);

    /// <summary>The field's value in <paramref name="document"/> as the property's type, or null when absent or of another kind.</summary>
    public object? Read(Document document)
    {
        if (Name == "id")
        {
            return document.Id;
        }

        var raw = document[Name];
        return Kind switch
        {
            _ when raw is null => null,
            FieldKind.Text => raw as string,
            FieldKind.Integer => raw switch { int i => i, double d => (int)d, _ => null },
            FieldKind.Long => raw switch { int i => (long)i, double d => (long)d, _ => null },
            FieldKind.Double => raw switch { double d => d, int i => (double)i, _ => null },
            FieldKind.Single => raw switch { double d => (float)d, int i => (float)i, _ => null },
            FieldKind.Boolean => raw as bool?,
            FieldKind.Bytes => raw as byte[],
            FieldKind.Tensor => raw as NdArray,
            FieldKind.SingleVector => raw switch { NdArray a => a.ToFloatArray(), IEnumerable list and not string => Numbers(list).Select(n => (float)n).ToArray(), _ => null },
            FieldKind.DoubleVector => raw switch { NdArray a => a.ToDoubleArray(), IEnumerable list and not string => Numbers(list).ToArray(), _ => null },
            FieldKind.Document => raw is Document nested ? DocSchema.Of(Element!).Read(nested) : null,
            FieldKind.Documents => raw is DocumentArray documents ? _readList!(documents) : null,
            FieldKind.List => raw is IEnumerable items and not string ? ToList(items) : null,
            FieldKind.Dictionary => raw is IEnumerable<KeyValuePair<string, object?>> map ? ToDictionary(map) : null,
            _ => null,
        };
    }

    /// <summary>Stores <paramref name="value"/> in <paramref name="document"/> (null is None; v1 skips it).</summary>
    public void Write(Document document, object? value, DocArrayFlavour flavour)
    {
        if (Name == "id")
        {
            if (value is string id)
            {
                document.Id = id;
            }

            return;
        }

        if (value is null && flavour != DocArrayFlavour.V2)
        {
            return;
        }

        document[Name] = value switch
        {
            null => null,
            float[] singles => NdArray.FromFloats(singles),
            double[] doubles => NdArray.FromDoubles(doubles),
            IDocList list => list.ToDocuments(flavour),
            _ when Kind == FieldKind.Document => DocSchema.Of(Element!).Write(value, flavour),
            _ => value,
        };
    }

    /// <summary>This field's JSON Schema (pydantic's shape for the type).</summary>
    public Struct JsonSchema()
    {
        var schema = new Struct { Fields = { ["title"] = Value.ForString(Title(Name)) } };
        switch (Kind)
        {
            case FieldKind.Document:
                return Merge(schema, DocSchema.Of(Element!).JsonSchema());
            case FieldKind.Documents:
                schema.Fields["type"] = Value.ForString("array");
                schema.Fields["items"] = new Value { StructValue = DocSchema.Of(Element!).JsonSchema() };
                return schema;
            case FieldKind.List:
                schema.Fields["type"] = Value.ForString("array");
                schema.Fields["items"] = new Value { StructValue = new Struct { Fields = { ["type"] = Value.ForString(ScalarType(Element!)) } } };
                return schema;
            case FieldKind.Dictionary:
                schema.Fields["type"] = Value.ForString("object");
                schema.Fields["additionalProperties"] = new Value { StructValue = new Struct { Fields = { ["type"] = Value.ForString(ScalarType(Element!)) } } };
                return schema;
            case FieldKind.Tensor or FieldKind.SingleVector or FieldKind.DoubleVector:
                schema.Fields["type"] = Value.ForString("array");
                schema.Fields["items"] = new Value { StructValue = new Struct { Fields = { ["type"] = Value.ForString("number") } } };
                return schema;
            case FieldKind.Bytes:
                schema.Fields["type"] = Value.ForString("string");
                schema.Fields["format"] = Value.ForString("binary");
                return schema;
            default:
                schema.Fields["type"] = Value.ForString(ScalarType(Nullable.GetUnderlyingType(ValueType) ?? ValueType));
                return schema;
        }
    }

    private static Struct Merge(Struct schema, Struct nested)
    {
        foreach (var (key, value) in nested.Fields)
        {
            if (key != "title")
            {
                schema.Fields[key] = value;
            }
        }

        return schema;
    }

    private static string Title(string name) =>
        string.Join(' ', name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static string ScalarType(System.Type type) =>
        type == typeof(string) ? "string" : type == typeof(bool) ? "boolean" : type == typeof(int) || type == typeof(long) ? "integer" : "number";

    private static bool IsScalar(System.Type type) =>
        type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) || type == typeof(bool);

    private static System.Type? ListElement(System.Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition &&
            (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>)))
        {
            return type.GetGenericArguments()[0];
        }

        return null;
    }

    private static System.Type? DictionaryValue(System.Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string) &&
        (type.GetGenericTypeDefinition() == typeof(Dictionary<,>) || type.GetGenericTypeDefinition() == typeof(IDictionary<,>) || type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            ? value
            : null;

    private static IEnumerable<double> Numbers(IEnumerable items)
    {
        foreach (var item in items)
        {
            yield return item switch { double d => d, int i => i, float f => f, long l => l, _ => 0 };
        }
    }

    private object ToList(IEnumerable items)
    {
        var converted = items.Cast<object?>().Select(i => Scalar(i, Element!)).ToArray();
        var nonNullable = Nullable.GetUnderlyingType(ValueType) ?? ValueType;
        if (nonNullable.IsArray)
        {
            var array = Array.CreateInstance(Element!, converted.Length);
            for (var i = 0; i < converted.Length; i++)
            {
                array.SetValue(converted[i], i);
            }

            return array;
        }

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(Element!))!;
        foreach (var item in converted)
        {
            list.Add(item);
        }

        return list;
    }

    private object ToDictionary(IEnumerable<KeyValuePair<string, object?>> map)
    {
        var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), Element!))!;
        foreach (var (key, item) in map)
        {
            dictionary[key] = Scalar(item, Element!);
        }

        return dictionary;
    }

    private static object? Scalar(object? value, System.Type type) => value is null ? null : Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
}
