using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Configuration;

/// <summary>
/// A <c>log_config</c> file: Microsoft.Extensions.Logging configuration in JSON, as in <c>appsettings.json</c>:
/// <code>{ "Logging": { "LogLevel": { "Default": "Information", "JinaOrleans.Gateway": "Warning" } } }</code>
/// Jina's YAML logging configurations have no counterpart here and are refused with the reason.
/// </summary>
internal static class LogConfigFile
{
    /// <summary>What is wrong with <paramref name="file"/>, or null when it can be used.</summary>
    public static string? Check(string file)
    {
        if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{file}' is not a JSON file; log_config takes a Microsoft.Extensions.Logging JSON file with a 'Logging' section (Jina's YAML logging configurations are not supported)";
        }

        try
        {
            _ = ReadLevels(file);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot read '{file}': {ex.Message}";
        }
        catch (JsonException ex)
        {
            return $"'{file}' is not valid JSON: {ex.Message}";
        }
        catch (FormatException ex)
        {
            return $"'{file}': {ex.Message}";
        }
    }

    /// <summary>The entries of <c>Logging:LogLevel</c>: a category (<c>Default</c> as null) and its minimum level.</summary>
    /// <exception cref="FormatException">The file has no <c>Logging</c> object or names an unknown level.</exception>
    public static IReadOnlyList<(string? Category, LogLevel Level)> ReadLevels(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !TryGet(document.RootElement, "Logging", out var logging)
            || logging.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("has no \"Logging\" object; write { \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } } }");
        }

        var levels = new List<(string?, LogLevel)>();
        if (!TryGet(logging, "LogLevel", out var section))
        {
            return levels;
        }

        if (section.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Logging.LogLevel must be an object of category: level");
        }

        foreach (var entry in section.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String || !Enum.TryParse<LogLevel>(entry.Value.GetString(), ignoreCase: true, out var level) || !Enum.IsDefined(level))
            {
                throw new FormatException($"Logging.LogLevel.{entry.Name}: '{entry.Value}' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None)");
            }

            levels.Add((string.Equals(entry.Name, "Default", StringComparison.OrdinalIgnoreCase) ? null : entry.Name, level));
        }

        return levels;
    }

    // Configuration keys are case-insensitive.
    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
