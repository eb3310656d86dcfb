using JinaOrleans.Grains.Executors;
using JinaOrleans.Tests.Support.Executors;
using Xunit;

namespace JinaOrleans.Tests.Grains.Executors;

/// <summary>ExecutorFactory: uses_with fills constructor parameters by name, with the conversions YAML values need.</summary>
public sealed class ExecutorFactoryTests
{
    [Fact]
    public void Missing_optional_parameters_take_their_defaults()
    {
        var executor = Create<ConfiguredExecutor>(new() { ["count"] = 3 });

        Assert.Equal(3, executor.Count);
        Assert.Equal(ExecutorSpeed.Fast, executor.Speed);
        Assert.Null(executor.Labels);
        Assert.Null(executor.Timeout);
        Assert.Equal("hello", executor.Greeting);
    }

    [Fact]
    public void String_converts_to_int()
    {
        Assert.Equal(42, Create<ConfiguredExecutor>(new() { ["count"] = "42" }).Count);
    }

    [Fact]
    public void Whole_double_converts_to_int()
    {
        Assert.Equal(7, Create<ConfiguredExecutor>(new() { ["count"] = 7.0 }).Count);
    }

    [Fact]
    public void String_converts_to_enum_ignoring_case()
    {
        Assert.Equal(ExecutorSpeed.Slow, Create<ConfiguredExecutor>(new() { ["count"] = 1, ["speed"] = "slow" }).Speed);
    }

    [Fact]
    public void List_converts_to_array()
    {
        var executor = Create<ConfiguredExecutor>(new() { ["count"] = 1, ["labels"] = new List<object?> { "a", "b" } });

        Assert.Equal(["a", "b"], executor.Labels);
    }

    [Fact]
    public void String_converts_to_TimeSpan()
    {
        var executor = Create<ConfiguredExecutor>(new() { ["count"] = 1, ["timeout"] = "00:00:05" });

        Assert.Equal(TimeSpan.FromSeconds(5), executor.Timeout);
    }

    [Fact]
    public void Number_converts_to_TimeSpan_in_milliseconds()
    {
        var executor = Create<ConfiguredExecutor>(new() { ["count"] = 1, ["timeout"] = 250.0 });

        Assert.Equal(TimeSpan.FromMilliseconds(250), executor.Timeout);
    }

    [Fact]
    public void Unknown_key_is_rejected_naming_the_key()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Create<ConfiguredExecutor>(new() { ["count"] = 1, ["bogus"] = 2 }));

        Assert.Equal(
            "No constructor of ConfiguredExecutor fits uses_with {count, bogus}: (count, speed, labels, timeout, greeting) has no parameter 'bogus'.",
            ex.Message);
    }

    [Fact]
    public void Missing_required_parameter_is_rejected_naming_it()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Create<ConfiguredExecutor>(new()));

        Assert.Equal(
            "No constructor of ConfiguredExecutor fits uses_with {}: (count, speed, labels, timeout, greeting) needs 'count', which uses_with does not give.",
            ex.Message);
    }

    [Fact]
    public void Value_that_cannot_be_converted_is_rejected_naming_the_key()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Create<ConfiguredExecutor>(new() { ["count"] = "many" }));

        Assert.StartsWith("uses_with 'count' of ConfiguredExecutor: cannot convert many to Int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_exception_surfaces_its_message()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Create<ThrowingConstructorExecutor>(new() { ["model"] = "bert" }));

        Assert.Equal("The constructor of ThrowingConstructorExecutor threw: model 'bert' not found", ex.Message);
        Assert.IsType<FileNotFoundException>(ex.InnerException);
    }

    [Fact]
    public void Falls_back_to_a_shorter_constructor_that_fits()
    {
        Assert.Equal("built-in", Create<TwoConstructorsExecutor>(new()).Path);
        Assert.Equal("/data", Create<TwoConstructorsExecutor>(new() { ["path"] = "/data" }).Path);
    }

    [Fact]
    public void Services_fill_parameters_that_uses_with_does_not_give()
    {
        var clock = new FixedTimeProvider();

        var executor = (ServiceExecutor)ExecutorFactory.Create(
            typeof(ServiceExecutor),
            new Dictionary<string, object?> { ["count"] = 2 },
            new SingleServiceProvider(clock));

        Assert.Same(clock, executor.Clock);
        Assert.Equal(2, executor.Count);
    }

    [Fact]
    public void Abstract_or_non_executor_types_are_rejected()
    {
        Assert.Throws<InvalidOperationException>(() => ExecutorFactory.Create(typeof(Executor), new Dictionary<string, object?>(), null));
        Assert.Throws<InvalidOperationException>(() => ExecutorFactory.Create(typeof(string), new Dictionary<string, object?>(), null));
    }

    private static T Create<T>(Dictionary<string, object?> usesWith)
        where T : Executor =>
        Assert.IsType<T>(ExecutorFactory.Create(typeof(T), usesWith, services: null));

    private sealed class FixedTimeProvider : TimeProvider;

    private sealed class SingleServiceProvider(object service) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType.IsInstanceOfType(service) ? service : null;
    }
}
