using JinaOrleans.Grains.Flows;
using Xunit;

namespace JinaOrleans.Tests.Grains.Flows;

/// <summary>target_executor: Python re.match, anchored at the start only (JINA_PROTOCOL.md §8).</summary>
public sealed class TargetExecutorMatcherTests
{
    [Theory]
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "foo_bar", true)]
    [InlineData("foo", "bar_foo", false)]
    [InlineData("foo", "fo", false)]
    [InlineData("exec[0-9]", "exec1", true)]
    [InlineData("exec[0-9]", "executor", false)]
    [InlineData(".*index", "my_indexer", true)]
    [InlineData("foo$", "foo_bar", false)]
    public void Pattern_is_anchored_at_the_start_only(string pattern, string name, bool expected)
    {
        Assert.Equal(expected, TargetExecutorMatcher.Get(pattern).IsMatch(name));
    }

    [Fact]
    public void Alternation_is_anchored_as_a_whole()
    {
        var regex = TargetExecutorMatcher.Get("foo|bar");

        Assert.Matches(regex, "bar_x");
        Assert.DoesNotMatch(regex, "x_bar");
    }

    [Fact]
    public void Invalid_pattern_throws_naming_the_pattern()
    {
        var ex = Assert.Throws<ArgumentException>(() => TargetExecutorMatcher.Get("foo("));

        Assert.StartsWith("target_executor 'foo(' is not a valid regular expression:", ex.Message, StringComparison.Ordinal);
        Assert.Equal("pattern", ex.ParamName);
    }

    [Fact]
    public void Pattern_that_closes_the_anchoring_group_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => TargetExecutorMatcher.Get("x)|(bar"));
    }

    [Fact]
    public void Compiled_pattern_is_reused()
    {
        Assert.Same(TargetExecutorMatcher.Get("cached_pattern"), TargetExecutorMatcher.Get("cached_pattern"));
    }
}
