using System.Reflection;

namespace JinaOrleans.Grains.Loading;

/// <summary>
/// Loads executor assemblies from a folder (a build or publish output) into a load context of their own and
/// registers every concrete <see cref="Executor"/> class they export.
/// </summary>
public static class ExecutorAssemblyLoader
{
    /// <summary>
    /// Loads the assemblies in <paramref name="directory"/> and registers their executors in
    /// <paramref name="registry"/>. Returns the files that held executors.
    /// </summary>
    /// <exception cref="InvalidOperationException">The folder is missing or holds no executor class.</exception>
    public static IReadOnlyList<string> LoadDirectory(string directory, ExecutorTypeRegistry registry)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(registry);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new InvalidOperationException($"--executors: folder '{full}' does not exist.");
        }

        var context = new ExecutorLoadContext(full);
        var loaded = new List<string>();
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(full, "*.dll").Order(StringComparer.Ordinal))
        {
            AssemblyName name;
            try
            {
                name = AssemblyName.GetAssemblyName(file);
            }
            catch (BadImageFormatException)
            {
                continue; // A native library.
            }

            if (ExecutorLoadContext.IsShared(name))
            {
                continue;
            }

            Type[] types;
            try
            {
                types = context.LoadFromAssemblyPath(file).GetExportedTypes();
            }
            catch (Exception ex) when (ex is FileLoadException or FileNotFoundException or BadImageFormatException or TypeLoadException or ReflectionTypeLoadException)
            {
                problems.Add($"{Path.GetFileName(file)}: {ex.Message}");
                continue;
            }

            var executors = types.Where(t => typeof(Executor).IsAssignableFrom(t) && !t.IsAbstract).ToArray();
            foreach (var type in executors)
            {
                registry.Register(type);
            }

            if (executors.Length > 0)
            {
                loaded.Add(Path.GetFileName(file));
            }
        }

        if (loaded.Count == 0)
        {
            throw new InvalidOperationException(
                $"--executors: no executor class found in '{full}'" + (problems.Count > 0 ? $" ({string.Join("; ", problems)})" : string.Empty) + ".");
        }

        return loaded;
    }
}
