using System.Collections;
using System.Globalization;
using System.Reflection;

namespace JinaOrleans.Grains.Executors;

/// <summary>
/// Creates executor instances, filling constructor parameters from <c>uses_with</c> by name (with the
/// conversions YAML values need) and from services by type. Runs at start-up only.
/// </summary>
internal static class ExecutorFactory
{
    public static Executor Create(Type executorType, IReadOnlyDictionary<string, object?> usesWith, IServiceProvider? services)
    {
        ArgumentNullException.ThrowIfNull(executorType);
        ArgumentNullException.ThrowIfNull(usesWith);
        if (!typeof(Executor).IsAssignableFrom(executorType) || executorType.IsAbstract)
        {
            throw new InvalidOperationException($"{executorType.FullName} is not a concrete class derived from {nameof(Executor)}.");
        }

        var constructors = executorType.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .ToArray();
        if (constructors.Length == 0)
        {
            throw new InvalidOperationException($"{executorType.Name} has no public constructor.");
        }

        var problems = new List<string>();
        foreach (var constructor in constructors)
        {
            var parameters = constructor.GetParameters();
            var unknown = usesWith.Keys.Where(k => !parameters.Any(p => SameName(p.Name!, k))).ToArray();
            if (unknown.Length > 0)
            {
                problems.Add($"({string.Join(", ", parameters.Select(p => p.Name))}) has no parameter {string.Join(", ", unknown.Select(u => $"'{u}'"))}");
                continue;
            }

            var arguments = new object?[parameters.Length];
            var ok = true;
            for (var i = 0; i < parameters.Length && ok; i++)
            {
                var parameter = parameters[i];
                if (usesWith.FirstOrDefault(p => SameName(parameter.Name!, p.Key)) is { Key: not null } given)
                {
                    arguments[i] = Convert(given.Value, parameter.ParameterType, executorType, given.Key);
                }
                else if (services?.GetService(parameter.ParameterType) is { } service)
                {
                    arguments[i] = service;
                }
                else if (parameter.HasDefaultValue)
                {
                    arguments[i] = parameter.DefaultValue;
                }
                else
                {
                    problems.Add($"({string.Join(", ", parameters.Select(p => p.Name))}) needs '{parameter.Name}', which uses_with does not give");
                    ok = false;
                }
            }

            if (!ok)
            {
                continue;
            }

            try
            {
                return (Executor)constructor.Invoke(arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new InvalidOperationException($"The constructor of {executorType.Name} threw: {ex.InnerException.Message}", ex.InnerException);
            }
        }

        throw new InvalidOperationException($"No constructor of {executorType.Name} fits uses_with {{{string.Join(", ", usesWith.Keys)}}}: {string.Join("; ", problems)}.");
    }

    /// <summary>A uses_with key matches a parameter by name, snake_case or camelCase alike (<c>cost_ms</c> = <c>costMs</c>).</summary>
    private static bool SameName(string parameter, string key) =>
        string.Equals(parameter, key, StringComparison.Ordinal)
        || string.Equals(parameter.Replace("_", string.Empty, StringComparison.Ordinal), key.Replace("_", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    private static object? Convert(object? value, Type target, Type executorType, string name)
    {
        try
        {
            return ConvertCore(value, target);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            throw new InvalidOperationException($"uses_with '{name}' of {executorType.Name}: cannot convert {value ?? "null"} to {target.Name} ({ex.Message}).", ex);
        }
    }

    private static object? ConvertCore(object? value, Type target)
    {
        if (value is null)
        {
            return target.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(target) : null;
        }

        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        if (underlying.IsInstanceOfType(value))
        {
            return value;
        }

        if (underlying.IsEnum)
        {
            return Enum.Parse(underlying, value.ToString()!, ignoreCase: true);
        }

        if (underlying == typeof(TimeSpan))
        {
            return value is string s ? TimeSpan.Parse(s, CultureInfo.InvariantCulture) : TimeSpan.FromMilliseconds(System.Convert.ToDouble(value, CultureInfo.InvariantCulture));
        }

        if (underlying.IsArray && value is IEnumerable sequence and not string)
        {
            var element = underlying.GetElementType()!;
            var items = sequence.Cast<object?>().Select(v => ConvertCore(v, element)).ToArray();
            var array = Array.CreateInstance(element, items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                array.SetValue(items[i], i);
            }

            return array;
        }

        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(underlying))
        {
            return System.Convert.ChangeType(value, underlying, CultureInfo.InvariantCulture);
        }

        throw new InvalidCastException($"{value.GetType().Name} is not convertible to {target.Name}.");
    }
}
