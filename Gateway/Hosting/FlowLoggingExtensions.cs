using JinaOrleans.Configuration;
using JinaOrleans.Definitions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Gateway.Hosting;

/// <summary>
/// A flow's logging keys as Microsoft.Extensions.Logging configuration: <c>with: log_config</c> (a JSON file whose
/// <c>Logging</c> section configures the whole process, as <c>appsettings.json</c> does), <c>with: quiet</c> (the
/// gateway's categories off), and per executor <c>log_config</c> (its file's <c>Logging:LogLevel</c> levels under the
/// executor's category prefix, <c>Default</c> for the executor itself) and <c>quiet</c> (the executor's categories
/// off). Apply it after the host's own logging set-up, so that the flow's keys win.
/// </summary>
public static class FlowLoggingExtensions
{
    /// <summary>Adds <paramref name="flow"/>'s logging configuration to <paramref name="logging"/>.</summary>
    /// <exception cref="InvalidOperationException">A <c>log_config</c> file cannot be read or is not logging configuration.</exception>
    public static ILoggingBuilder AddFlowLogging(this ILoggingBuilder logging, FlowDefinition flow)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(flow);
        if (flow.Gateway.LogConfig is { } file)
        {
            Check(file);
            logging.AddConfiguration(new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build().GetSection("Logging"));
        }

        if (flow.Gateway.Quiet)
        {
            logging.AddFilter(GatewayDefinition.LogCategory, LogLevel.None);
        }

        foreach (var executor in flow.Executors)
        {
            // The trailing dot keeps executor 'enc' from matching 'encoder' (filters match category prefixes).
            var prefix = executor.LogCategory + ".";
            if (executor.LogConfig is { } executorFile)
            {
                Check(executorFile);
                foreach (var (category, level) in LogConfigFile.ReadLevels(executorFile))
                {
                    logging.AddFilter(category is null ? prefix : prefix + category, level);
                }
            }

            if (executor.Quiet)
            {
                logging.AddFilter(prefix, LogLevel.None);
            }
        }

        return logging;
    }

    private static void Check(string file)
    {
        if (LogConfigFile.Check(file) is { } problem)
        {
            throw new InvalidOperationException($"log_config: {problem}.");
        }
    }
}
