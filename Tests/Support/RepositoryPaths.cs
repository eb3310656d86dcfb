namespace JinaOrleans.Tests.Support;

/// <summary>Where things are in the repository, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "JinaOrleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"JinaOrleans.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootLazy.Value;

    /// <summary>The build configuration the tests were built with (Debug or Release).</summary>
    public static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string ProtosDirectory => Path.Combine(Root, "Protos");

    /// <summary>The compiled output of a project, e.g. <c>samples/Hello</c> and <c>Hello.dll</c>.</summary>
    public static string ProjectOutput(string projectDirectory, string assemblyFile)
    {
        var path = Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", assemblyFile);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} does not exist; build the solution ({Configuration}) first.", path);
    }

    public static string PeerScript(string name) => Path.Combine(AppContext.BaseDirectory, "Peers", name);
}
