using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace JinaOrleans.Configuration;

/// <summary>
/// Reads YAML nodes into plain values with <c>${{ ENV.VAR }}</c> substitution, and collects errors with the
/// file and line of the node at fault.
/// </summary>
internal sealed partial class YamlValues(string source, Func<string, string?> environment)
{
    private readonly List<string> _errors = [];

    public string Source => source;

    public IReadOnlyList<string> Errors => _errors;

    public void Error(YamlNode node, string path, string message) =>
        _errors.Add($"{source}:{node.Start.Line}: {path}: {message}");

    public void Error(string message) => _errors.Add($"{source}: {message}");

    /// <summary>Adds an error already carrying its own file and line (from an included file).</summary>
    public void AddQualified(string error) => _errors.Add(error);

    /// <summary>A scalar as text after substitution, or null (with an error) when the node is not a scalar.</summary>
    public string? Text(YamlNode node, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(node, path, $"expected a single value, found a {Describe(node)}");
            return null;
        }

        return Substitute(scalar, path);
    }

    public int? Int(YamlNode node, string path, int min = int.MinValue)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, path, $"expected an integer, found '{text}'");
            return null;
        }

        if (value < min)
        {
            Error(node, path, $"must be at least {min} (was {value})");
            return null;
        }

        return value;
    }

    public bool? Bool(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        switch (text.ToLowerInvariant())
        {
            case "true" or "yes" or "on":
                return true;
            case "false" or "no" or "off":
                return false;
            default:
                Error(node, path, $"expected true or false, found '{text}'");
                return null;
        }
    }

    /// <summary>A scalar or a list of scalars, as a list of texts.</summary>
    public IReadOnlyList<(string Text, YamlNode Node)> TextList(YamlNode node, string path)
    {
        if (node is YamlSequenceNode sequence)
        {
            var items = new List<(string, YamlNode)>();
            var index = 0;
            foreach (var item in sequence)
            {
                if (Text(item, $"{path}[{index++}]") is { } text)
                {
                    items.Add((text, item));
                }
            }

            return items;
        }

        return Text(node, path) is { } single ? [(single, node)] : [];
    }

    /// <summary>Any value: mappings become immutable dictionaries, sequences arrays, scalars typed values.</summary>
    public object? Value(YamlNode node, string path) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping, path),
        YamlSequenceNode sequence => sequence.Select((item, i) => Value(item, $"{path}[{i}]")).ToArray(),
        YamlScalarNode scalar => Typed(scalar, path),
        _ => null,
    };

    public ImmutableDictionary<string, object?>? Mapping(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" })
        {
            return ImmutableDictionary<string, object?>.Empty;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, $"expected a mapping (key: value lines), found a {Describe(node)}");
            return null;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (Text(keyNode, path) is { } key)
            {
                builder[key] = Value(valueNode, $"{path}.{key}");
            }
        }

        return builder.ToImmutable();
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };

    private object? Typed(YamlScalarNode scalar, string path)
    {
        var text = Substitute(scalar, path);
        if (text is null)
        {
            return null;
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            return text;
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (text is "false" or "False" or "FALSE")
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer is >= int.MinValue and <= int.MaxValue ? (object)(int)integer : integer;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return text;
    }

    private string? Substitute(YamlScalarNode scalar, string path)
    {
        var value = scalar.Value ?? string.Empty;
        if (!value.Contains("${{", StringComparison.Ordinal))
        {
            return value;
        }

        var failed = false;
        var result = Expression().Replace(value, match =>
        {
            var kind = match.Groups["kind"].Value;
            var name = match.Groups["name"].Value;
            if (kind != "ENV")
            {
                Error(scalar, path, $"'${{{{ {kind}.{name} }}}}': only ENV variables can be substituted");
                failed = true;
                return match.Value;
            }

            var resolved = environment(name);
            if (resolved is null)
            {
                Error(scalar, path, $"environment variable {name} is not set");
                failed = true;
                return match.Value;
            }

            return resolved;
        });
        return failed ? null : result;
    }

    [GeneratedRegex(@"\$\{\{\s*(?<kind>[A-Za-z_]+)\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Expression();
}
