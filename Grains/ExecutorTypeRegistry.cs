using System.Collections.Concurrent;

namespace JinaOrleans.Grains;

/// <summary>
/// Maps the <c>uses</c> names of a flow to executor classes: a type's full name, its short name, or any
/// alias it was registered under. Ambiguous short names are rejected with the candidates named.
/// </summary>
public sealed class ExecutorTypeRegistry
{
    private readonly ConcurrentDictionary<string, Type> _byFullName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<Type>> _byShortName = new(StringComparer.Ordinal);

    /// <summary>A registry that knows <see cref="BaseExecutor"/> (the pass-through executor) already.</summary>
    public ExecutorTypeRegistry()
    {
        Register(typeof(BaseExecutor));
    }

    /// <summary>Registers <paramref name="type"/> (a concrete <see cref="Executor"/>) under its names and <paramref name="aliases"/>.</summary>
    public ExecutorTypeRegistry Register(Type type, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(Executor).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"{type.FullName} is not a concrete class derived from {nameof(Executor)}.", nameof(type));
        }

        _byFullName[type.FullName ?? type.Name] = type;
        foreach (var name in aliases.Append(type.Name))
        {
            var list = _byShortName.GetOrAdd(name, static _ => []);
            lock (list)
            {
                if (!list.Contains(type))
                {
                    list.Add(type);
                }
            }
        }

        return this;
    }

    /// <summary>Registers every concrete executor class of <paramref name="assembly"/>.</summary>
    public ExecutorTypeRegistry RegisterAssembly(System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetExportedTypes().Where(t => typeof(Executor).IsAssignableFrom(t) && !t.IsAbstract))
        {
            Register(type);
        }

        return this;
    }

    /// <summary>The class named by <paramref name="uses"/>.</summary>
    /// <exception cref="InvalidOperationException">Unknown or ambiguous name; the message lists what is known.</exception>
    public Type Resolve(string uses)
    {
        ArgumentException.ThrowIfNullOrEmpty(uses);
        if (_byFullName.TryGetValue(uses, out var type))
        {
            return type;
        }

        if (_byShortName.TryGetValue(uses, out var list))
        {
            lock (list)
            {
                if (list.Count == 1)
                {
                    return list[0];
                }

                throw new InvalidOperationException($"uses: '{uses}' is ambiguous; it could be {string.Join(" or ", list.Select(t => t.FullName))}.");
            }
        }

        var known = _byShortName.Keys.Order(StringComparer.Ordinal).ToArray();
        throw new InvalidOperationException(
            $"uses: '{uses}' names no known executor class. Known: {(known.Length == 0 ? "(none)" : string.Join(", ", known))}.");
    }
}
