namespace JinaOrleans.Tests.Support;

/// <summary>Flow YAML files written for a test, in a folder of their own.</summary>
internal static class FlowFiles
{
    /// <summary>The seed flow: FooExecutor (3 replicas) then BarExecutor (2 replicas).</summary>
    public const string Seed = """
        jtype: Flow
        version: '1'
        with:
          protocol: grpc
        executors:
          - uses: FooExecutor
            replicas: 3
          - uses: BarExecutor
            replicas: 2
        """;

    public static string Write(string yaml, string name = "flow.yml")
    {
        var directory = Directory.CreateTempSubdirectory("jinaorleans-flow-").FullName;
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
