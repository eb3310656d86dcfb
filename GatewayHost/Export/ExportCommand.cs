using JinaOrleans.Definitions;

namespace JinaOrleans.GatewayHost.Export;

/// <summary>Runs <c>--export-kubernetes DIR</c> and <c>--export-compose FILE</c>: writes the files, names them, exits 0.</summary>
internal static class ExportCommand
{
    public static async Task<int> RunAsync(FlowDefinition flow, GatewayOptions options, TextWriter output)
    {
        var target = new ExportTarget
        {
            Flow = flow,
            FlowFile = Path.GetFullPath(options.FlowFile),
            FlowYaml = await File.ReadAllTextAsync(options.FlowFile).ConfigureAwait(false),
        };

        if (options.ExportKubernetes is { } directory)
        {
            Directory.CreateDirectory(directory);
            foreach (var (name, content) in KubernetesExport.Render(target))
            {
                await File.WriteAllTextAsync(Path.Combine(directory, name), content).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"Wrote Kubernetes manifests for {options.FlowFile} to {directory} (kubectl apply -f {directory})").ConfigureAwait(false);
        }

        if (options.ExportCompose is { } file)
        {
            await File.WriteAllTextAsync(file, ComposeExport.Render(target, file)).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote a docker-compose file for {options.FlowFile} to {file}").ConfigureAwait(false);
        }

        return 0;
    }
}
