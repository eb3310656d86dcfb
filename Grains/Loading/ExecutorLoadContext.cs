using System.Reflection;
using System.Runtime.Loader;

namespace JinaOrleans.Grains.Loading;

/// <summary>
/// The load context of one executor folder: its assemblies and their private dependencies load here, while
/// the SDK (JinaOrleans.*, Google.Protobuf) and anything the host already has come from the default
/// context, so executor classes derive from the very <see cref="Executor"/> type the silo knows.
/// </summary>
internal sealed class ExecutorLoadContext(string directory) : AssemblyLoadContext($"executors:{directory}", isCollectible: false)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null || IsShared(assemblyName))
        {
            return null;
        }

        var candidate = Path.Combine(directory, name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var candidate = Path.Combine(directory, unmanagedDllName);
        return File.Exists(candidate) ? LoadUnmanagedDllFromPath(candidate) : IntPtr.Zero;
    }

    /// <summary>Assemblies executors share with the host: the SDK and whatever the host has loaded already.</summary>
    public static bool IsShared(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? string.Empty;
        if (name.StartsWith("JinaOrleans.", StringComparison.Ordinal) || name == "Google.Protobuf")
        {
            return true;
        }

        return PlatformAssemblies.Value.Contains(name)
            || Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name, StringComparison.Ordinal));
    }

    // The host's own assemblies (framework and application), which the default context resolves.
    private static readonly Lazy<HashSet<string>> PlatformAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal));
}
