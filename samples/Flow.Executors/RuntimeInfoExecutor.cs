using Microsoft.Extensions.Logging;

namespace JinaOrleans.Samples.Flows;

/// <summary>
/// Tells what the flow gave it at run time: for each document, whose text names an environment variable, the tags
/// <c>env</c> (the variable as the process has it, or null), <c>metas_env</c> (as <see cref="ExecutorMetas.Env"/> has
/// it), <c>workspace</c> (<see cref="ExecutorMetas.Workspace"/>) and <c>workspace_exists</c>. It logs one line per
/// request at Debug, Information and Warning on its <see cref="Executor.Logger"/>.
/// </summary>
public sealed partial class RuntimeInfoExecutor : Executor
{
    [Requests]
    public void Describe(DocumentArray docs)
    {
        ArgumentNullException.ThrowIfNull(docs);
        foreach (var doc in docs)
        {
            var name = doc.Text ?? string.Empty;
            doc.Tags["env"] = name.Length == 0 ? null : Environment.GetEnvironmentVariable(name);
            doc.Tags["metas_env"] = Metas.Env.TryGetValue(name, out var value) ? value : null;
            doc.Tags["workspace"] = Metas.Workspace;
            doc.Tags["workspace_exists"] = Metas.Workspace.Length > 0 && Directory.Exists(Metas.Workspace);
        }

        Log.Described(Logger, LogLevel.Debug, docs.Count);
        Log.Described(Logger, LogLevel.Information, docs.Count);
        Log.Described(Logger, LogLevel.Warning, docs.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Message = "Described {Count} documents.")]
        public static partial void Described(ILogger logger, LogLevel level, int count);
    }
}
