using JinaOrleans.Grains;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Grains;

/// <summary>ExecutorTypeRegistry: uses names resolve by full name, short name or alias; ambiguity and unknown names are explained.</summary>
public sealed class ExecutorTypeRegistryTests
{
    [Fact]
    public void Resolves_by_full_and_short_name()
    {
        var registry = new ExecutorTypeRegistry().Register(typeof(AppendExecutor));

        Assert.Equal(typeof(AppendExecutor), registry.Resolve("JinaOrleans.Tests.Support.Executors.AppendExecutor"));
        Assert.Equal(typeof(AppendExecutor), registry.Resolve("AppendExecutor"));
    }

    [Fact]
    public void Resolves_by_alias()
    {
        var registry = new ExecutorTypeRegistry().Register(typeof(AppendExecutor), "appender");

        Assert.Equal(typeof(AppendExecutor), registry.Resolve("appender"));
    }

    [Fact]
    public void Ambiguous_short_name_is_rejected_listing_the_candidates()
    {
        var registry = new ExecutorTypeRegistry().Register(typeof(First.Twin)).Register(typeof(Second.Twin));

        var ex = Assert.Throws<InvalidOperationException>(() => registry.Resolve("Twin"));

        Assert.Equal($"uses: 'Twin' is ambiguous; it could be {typeof(First.Twin).FullName} or {typeof(Second.Twin).FullName}.", ex.Message);
    }

    [Fact]
    public void Full_name_resolves_even_when_the_short_name_is_ambiguous()
    {
        var registry = new ExecutorTypeRegistry().Register(typeof(First.Twin)).Register(typeof(Second.Twin));

        Assert.Equal(typeof(Second.Twin), registry.Resolve(typeof(Second.Twin).FullName!));
    }

    [Fact]
    public void Registering_the_same_type_twice_is_not_ambiguous()
    {
        var registry = new ExecutorTypeRegistry().Register(typeof(AppendExecutor)).Register(typeof(AppendExecutor));

        Assert.Equal(typeof(AppendExecutor), registry.Resolve("AppendExecutor"));
    }

    [Fact]
    public void Unknown_name_lists_the_known_names()
    {
        var registry = new ExecutorTypeRegistry().Register(typeof(FailingExecutor)).Register(typeof(AppendExecutor), "appender");

        var ex = Assert.Throws<InvalidOperationException>(() => registry.Resolve("Missing"));

        Assert.Equal("uses: 'Missing' names no known executor class. Known: AppendExecutor, BaseExecutor, FailingExecutor, appender.", ex.Message);
    }

    [Fact]
    public void A_new_registry_knows_the_pass_through_BaseExecutor()
    {
        var registry = new ExecutorTypeRegistry();

        Assert.Equal(typeof(BaseExecutor), registry.Resolve("BaseExecutor"));
        var ex = Assert.Throws<InvalidOperationException>(() => registry.Resolve("Missing"));
        Assert.Equal("uses: 'Missing' names no known executor class. Known: BaseExecutor.", ex.Message);
    }

    [Fact]
    public void Non_executor_type_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ExecutorTypeRegistry().Register(typeof(string)));

        Assert.Equal("type", ex.ParamName);
    }

    private static class First
    {
        public sealed class Twin : Executor;
    }

    private static class Second
    {
        public sealed class Twin : Executor;
    }
}
