using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace JinaOrleans.Grains.Flows;

/// <summary>
/// <c>target_executor</c> semantics: Python <c>re.match(pattern, name)</c>, anchored at the start only, so
/// <c>foo</c> matches <c>foo</c> and <c>foo_bar</c> but not <c>bar_foo</c>. Compiled patterns are cached.
/// </summary>
internal static class TargetExecutorMatcher
{
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>The compiled pattern; throws <see cref="ArgumentException"/> naming the pattern if it is invalid.</summary>
    public static Regex Get(string pattern)
    {
        if (Cache.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        try
        {
            // Compile the pattern alone first: pasted into the anchoring group, an unbalanced ')' would escape it.
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            regex = new Regex(@"\A(?:" + pattern + ")", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"target_executor '{pattern}' is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
        }

        if (Cache.Count >= MaxCached)
        {
            Cache.Clear();
        }

        Cache[pattern] = regex;
        return regex;
    }
}
