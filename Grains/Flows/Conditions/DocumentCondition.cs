using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using JinaOrleans.Protos.DocArray;

namespace JinaOrleans.Grains.Flows.Conditions;

/// <summary>
/// A compiled <c>when</c> condition in DocArray's query language (JINA_PROTOCOL.md §8): <c>$and</c>, <c>$or</c>,
/// <c>$not</c>; <c>$eq</c>, <c>$neq</c>, <c>$lt</c>, <c>$lte</c>, <c>$gt</c>, <c>$gte</c>, <c>$exists</c>,
/// <c>$regex</c> (a search), <c>$size</c>, <c>$in</c>, <c>$nin</c>; nested fields with <c>__</c>
/// (<c>tags__key</c>); a value <c>{field}</c> compares with another field. Built at start-up; a malformed
/// condition fails there.
/// </summary>
internal abstract class DocumentCondition
{
    public abstract bool Matches(Document document);

    /// <summary>Whether a docarray v1 document matches.</summary>
    public bool Matches(DocumentProto document) => Matches(new Document(document));

    /// <summary>Compiles <paramref name="condition"/>; throws <see cref="InvalidOperationException"/> naming what is wrong.</summary>
    public static DocumentCondition Parse(IReadOnlyDictionary<string, object?> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ParseObject(condition, "when");
    }

    private static DocumentCondition ParseObject(IReadOnlyDictionary<string, object?> condition, string path)
    {
        var parts = new List<DocumentCondition>();
        foreach (var (key, value) in condition)
        {
            var here = $"{path}.{key}";
            switch (key)
            {
                case "$and":
                    parts.Add(new AllOf(ParseList(value, here)));
                    break;
                case "$or":
                    parts.Add(new AnyOf(ParseList(value, here)));
                    break;
                case "$not":
                    parts.Add(new Not(ParseObject(AsObject(value, here), here)));
                    break;
                default:
                    if (key.StartsWith('$'))
                    {
                        throw new InvalidOperationException($"{here}: unknown operator '{key}'; use $and, $or, $not or a field name");
                    }

                    parts.Add(ParseField(key, AsObject(value, here), here));
                    break;
            }
        }

        if (parts.Count == 0)
        {
            throw new InvalidOperationException($"{path}: an empty condition");
        }

        return parts.Count == 1 ? parts[0] : new AllOf(parts);
    }

    private static DocumentCondition ParseField(string field, IReadOnlyDictionary<string, object?> operators, string path)
    {
        var accessor = FieldAccessor.Create(field, path);
        var parts = new List<DocumentCondition>();
        foreach (var (op, value) in operators)
        {
            var here = $"{path}.{op}";
            if (op == "$not")
            {
                parts.Add(new Not(ParseField(field, AsObject(value, here), here)));
                continue;
            }

            var operand = value is string text && text.StartsWith('{') ? Operand.Reference(text, here) : Operand.Constant(value);
            parts.Add(op switch
            {
                "$eq" => new Equality(accessor, operand, negate: false),
                "$neq" => new Equality(accessor, operand, negate: true),
                "$lt" => new Ordering(accessor, operand, static c => c < 0),
                "$lte" => new Ordering(accessor, operand, static c => c <= 0),
                "$gt" => new Ordering(accessor, operand, static c => c > 0),
                "$gte" => new Ordering(accessor, operand, static c => c >= 0),
                "$in" => new Membership(accessor, AsList(value, here), negate: false),
                "$nin" => new Membership(accessor, AsList(value, here), negate: true),
                "$regex" => new RegexMatch(accessor, value is string pattern ? Compile(pattern, here) : throw new InvalidOperationException($"{here}: expects a string pattern")),
                "$size" => new Size(accessor, value is int size and >= 0 ? size : throw new InvalidOperationException($"{here}: expects a non-negative integer")),
                "$exists" => new Exists(accessor, value is bool exists ? exists : throw new InvalidOperationException($"{here}: expects true or false")),
                _ => throw new InvalidOperationException($"{here}: unknown operator '{op}'; use $eq, $neq, $lt, $lte, $gt, $gte, $in, $nin, $regex, $size, $exists or $not"),
            });
        }

        if (parts.Count == 0)
        {
            throw new InvalidOperationException($"{path}: no operator for field '{field}'");
        }

        return parts.Count == 1 ? parts[0] : new AllOf(parts);
    }

    private static List<DocumentCondition> ParseList(object? value, string path)
    {
        if (value is not IEnumerable items || value is string || value is IDictionary)
        {
            throw new InvalidOperationException($"{path}: expects a list of conditions");
        }

        var list = items.Cast<object?>().Select((item, i) => ParseObject(AsObject(item, $"{path}[{i}]"), $"{path}[{i}]")).ToList();
        return list.Count > 0 ? list : throw new InvalidOperationException($"{path}: an empty list");
    }

    private static IReadOnlyDictionary<string, object?> AsObject(object? value, string path) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map,
        IDictionary<string, object?> map => map.AsReadOnly(),
        _ => throw new InvalidOperationException($"{path}: expects a mapping such as {{$eq: value}}, not {value ?? "null"}"),
    };

    private static object?[] AsList(object? value, string path) =>
        value is IEnumerable items and not string and not IDictionary ? items.Cast<object?>().ToArray() : throw new InvalidOperationException($"{path}: expects a list");

    private static Regex Compile(string pattern, string path)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{path}: '{pattern}' is not a valid regular expression: {ex.Message}", ex);
        }
    }

    private sealed class AllOf(IReadOnlyList<DocumentCondition> parts) : DocumentCondition
    {
        public override bool Matches(Document document) => parts.All(p => p.Matches(document));
    }

    private sealed class AnyOf(IReadOnlyList<DocumentCondition> parts) : DocumentCondition
    {
        public override bool Matches(Document document) => parts.Any(p => p.Matches(document));
    }

    private sealed class Not(DocumentCondition inner) : DocumentCondition
    {
        public override bool Matches(Document document) => !inner.Matches(document);
    }

    private sealed class Equality(FieldAccessor field, Operand operand, bool negate) : DocumentCondition
    {
        public override bool Matches(Document document) => Values.Equal(field.Read(document), operand.Resolve(document)) != negate;
    }

    /// <summary>An ordering comparison; false when either side is missing or the two are not comparable.</summary>
    private sealed class Ordering(FieldAccessor field, Operand operand, Func<int, bool> accept) : DocumentCondition
    {
        public override bool Matches(Document document) =>
            field.Read(document) is { } left && operand.Resolve(document) is { } right && Values.Compare(left, right) is { } order && accept(order);
    }

    private sealed class Membership(FieldAccessor field, object?[] values, bool negate) : DocumentCondition
    {
        public override bool Matches(Document document)
        {
            var value = field.Read(document);
            var found = values.Any(v => Values.Equal(value, Values.Normalize(v)));
            return found != negate;
        }
    }

    private sealed class RegexMatch(FieldAccessor field, Regex pattern) : DocumentCondition
    {
        public override bool Matches(Document document) => field.Read(document) is string text && pattern.IsMatch(text);
    }

    private sealed class Size(FieldAccessor field, int size) : DocumentCondition
    {
        public override bool Matches(Document document) => Values.Length(field.Read(document)) == size;
    }

    private sealed class Exists(FieldAccessor field, bool expected) : DocumentCondition
    {
        public override bool Matches(Document document) => Values.IsPresent(field.Read(document)) == expected;
    }

    /// <summary>The right-hand side: a constant, or another field of the same document (<c>{tags__x}</c>).</summary>
    private sealed class Operand
    {
        private readonly object? _constant;
        private readonly FieldAccessor? _field;

        private Operand(object? constant, FieldAccessor? field)
        {
            _constant = constant;
            _field = field;
        }

        public static Operand Constant(object? value) => new(Values.Normalize(value), null);

        public static Operand Reference(string text, string path)
        {
            var inner = text.Trim();
            if (!inner.EndsWith('}') || inner.Length < 3)
            {
                throw new InvalidOperationException($"{path}: the field reference '{text}' is illegal; write {{field}}");
            }

            return new Operand(null, FieldAccessor.Create(inner[1..^1].Trim(), path));
        }

        public object? Resolve(Document document) => _field is null ? _constant : _field.Read(document);
    }

    /// <summary>Plain values: numbers as doubles, strings, booleans, lists and maps, null.</summary>
    private static class Values
    {
        public static object? Normalize(object? value) => value switch
        {
            null => null,
            string or bool or double => value,
            IConvertible convertible when value is not IEnumerable => convertible.ToDouble(CultureInfo.InvariantCulture),
            _ => value,
        };

        public static bool Equal(object? a, object? b) => a switch
        {
            null => b is null,
            double x => b is double y && x.Equals(y),
            string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
            bool p => b is bool q && p == q,
            System.Collections.IList x when b is System.Collections.IList y => ListsEqual(x, y),
            _ => Equals(a, b),
        };

        private static bool ListsEqual(System.Collections.IList x, System.Collections.IList y)
        {
            if (x.Count != y.Count)
            {
                return false;
            }

            for (var i = 0; i < x.Count; i++)
            {
                if (!Equal(Normalize(x[i]), Normalize(y[i])))
                {
                    return false;
                }
            }

            return true;
        }

        public static int? Compare(object a, object b) => (a, b) switch
        {
            (double x, double y) => x.CompareTo(y),
            (string s, string t) => string.CompareOrdinal(s, t),
            _ => null,
        };

        public static int? Length(object? value) => value switch
        {
            string s => s.Length,
            ICollection c => c.Count,
            _ => null,
        };

        public static bool IsPresent(object? value) => value switch
        {
            null => false,
            string s => s.Length > 0,
            ICollection c => c.Count > 0,
            bool b => b,
            double d => d != 0,
            _ => true,
        };
    }

    /// <summary>Reads a field path (<c>tags__a__b</c>, <c>scores__cosine__value</c>) from a document.</summary>
    private sealed class FieldAccessor
    {
        private static readonly HashSet<string> Fields =
        [
            "id", "text", "blob", "tensor", "embedding", "tags", "uri", "mime_type", "modality", "parent_id", "weight",
            "offset", "granularity", "adjacency", "location", "chunks", "matches", "scores", "evaluations",
        ];

        private readonly string _root;
        private readonly string[] _rest;

        private FieldAccessor(string root, string[] rest)
        {
            _root = root;
            _rest = rest;
        }

        public static FieldAccessor Create(string path, string where)
        {
            var segments = path.Split("__");
            if (!Fields.Contains(segments[0]))
            {
                throw new InvalidOperationException($"{where}: '{segments[0]}' is not a document field; use one of {string.Join(", ", Fields.Order(StringComparer.Ordinal))}");
            }

            return new FieldAccessor(segments[0], segments[1..]);
        }

        public object? Read(Document document) => document.ProtoV2 is { } v2 ? Read(v2) : Read(document.Proto);

        /// <summary>A v2 document: the schema field of that name (<c>uri</c> also as <c>url</c>), then the path into it.</summary>
        private object? Read(JinaOrleans.Protos.DocArrayV2.DocProto d)
        {
            if (!d.Data.TryGetValue(_root, out var node) && !(_root == "uri" && d.Data.TryGetValue("url", out node)))
            {
                return null;
            }

            var value = FromValue(JinaOrleans.Internal.NodeValues.ToValue(node));
            if (value is string { Length: 0 })
            {
                value = null;
            }

            foreach (var key in _rest)
            {
                value = value is IDictionary<string, object?> map && map.TryGetValue(key, out var next) ? next : null;
            }

            return value;
        }

        private object? Read(DocumentProto d)
        {
            // A path into tags or scores reads that one leaf, without converting the rest of the map.
            if (_rest.Length > 0)
            {
                switch (_root)
                {
                    case "tags":
                        return ReadTag(d.Tags, _rest);
                    case "scores":
                        return ReadScore(d.Scores, _rest);
                    case "evaluations":
                        return ReadScore(d.Evaluations, _rest);
                }
            }

            object? value = _root switch
            {
                "id" => Text(d.Id),
                "text" => d.ContentCase == DocumentProto.ContentOneofCase.Text ? Text(d.Text) : null,
                "blob" => d.ContentCase == DocumentProto.ContentOneofCase.Blob ? d.Blob : null,
                "tensor" => d.ContentCase == DocumentProto.ContentOneofCase.Tensor ? d.Tensor : null,
                "embedding" => d.Embedding,
                "tags" => d.Tags is null ? new Dictionary<string, object?>() : ToDictionary(d.Tags),
                "uri" => Text(d.Uri),
                "mime_type" => Text(d.MimeType),
                "modality" => Text(d.Modality),
                "parent_id" => Text(d.ParentId),
                "weight" => (double)d.Weight,
                "offset" => (double)d.Offset,
                "granularity" => (double)d.Granularity,
                "adjacency" => (double)d.Adjacency,
                "location" => d.Location.Select(static l => (object?)(double)l).ToList(),
                "chunks" => d.Chunks,
                "matches" => d.Matches,
                "scores" => d.Scores.ToDictionary(static p => p.Key, static p => (object?)Score(p.Value)),
                _ => d.Evaluations.ToDictionary(static p => p.Key, static p => (object?)Score(p.Value)),
            };
            foreach (var key in _rest)
            {
                value = value is IDictionary<string, object?> map && map.TryGetValue(key, out var next) ? next : null;
            }

            return value;
        }

        private static string? Text(string value) => value.Length == 0 ? null : value;

        private static object? ReadTag(Struct? tags, string[] path)
        {
            Value? value = null;
            var current = tags;
            foreach (var key in path)
            {
                if (current is null || !current.Fields.TryGetValue(key, out value))
                {
                    return null;
                }

                current = value.KindCase == Value.KindOneofCase.StructValue ? value.StructValue : null;
            }

            return FromValue(value!);
        }

        private static object? ReadScore(Google.Protobuf.Collections.MapField<string, NamedScoreProto> scores, string[] path)
        {
            if (!scores.TryGetValue(path[0], out var score))
            {
                return null;
            }

            return path.Length switch
            {
                1 => Score(score),
                2 => path[1] switch
                {
                    "value" => (double)score.Value,
                    "op_name" => Text(score.OpName),
                    "description" => Text(score.Description),
                    "ref_id" => Text(score.RefId),
                    _ => null,
                },
                _ => null,
            };
        }

        private static Dictionary<string, object?> Score(NamedScoreProto score) => new()
        {
            ["value"] = (double)score.Value,
            ["op_name"] = Text(score.OpName),
            ["description"] = Text(score.Description),
            ["ref_id"] = Text(score.RefId),
        };

        private static Dictionary<string, object?> ToDictionary(Struct value) =>
            value.Fields.ToDictionary(static p => p.Key, static p => FromValue(p.Value));

        private static object? FromValue(Value value) => value.KindCase switch
        {
            Value.KindOneofCase.NumberValue => value.NumberValue,
            Value.KindOneofCase.StringValue => value.StringValue,
            Value.KindOneofCase.BoolValue => value.BoolValue,
            Value.KindOneofCase.StructValue => ToDictionary(value.StructValue),
            Value.KindOneofCase.ListValue => value.ListValue.Values.Select(FromValue).ToList(),
            _ => null,
        };
    }
}
