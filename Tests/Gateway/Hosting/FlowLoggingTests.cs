using JinaOrleans.Client;
using JinaOrleans.Definitions;
using JinaOrleans.Gateway.Hosting;
using JinaOrleans.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace JinaOrleans.Tests.Gateway.Hosting;

/// <summary>
/// <c>quiet</c>, <c>quiet_error</c> and <c>log_config</c> as Microsoft.Extensions.Logging configuration: the gateway's
/// and each executor's categories, a process-wide JSON file, an executor's own file under its category.
/// </summary>
public sealed partial class FlowLoggingTests
{
    [Fact]
    public void Quiet_turns_off_the_gateway_or_one_executor_and_nothing_else()
    {
        var capture = new LogCapture();
        var flow = new FlowDefinition
        {
            Gateway = new GatewayDefinition { Quiet = true },
            Executors =
            [
                new ExecutorDefinition { Name = "info", Uses = "A", Quiet = true },
                new ExecutorDefinition { Name = "information", Uses = "B" },
            ],
        };
        using var loggers = Loggers(capture, LogLevel.Trace, flow);

        foreach (var category in new[] { "JinaOrleans.Gateway", "JinaOrleans.Gateway.WebSockets", "JinaOrleans.Executors.info.A", "JinaOrleans.Executors.information.B", "JinaOrleans.Grains.Flow" })
        {
            Emit(loggers, category, LogLevel.Error, category);
        }

        Assert.Equal(["JinaOrleans.Executors.information.B", "JinaOrleans.Grains.Flow"], capture.Entries.Select(e => e.Category));
    }

    [Fact]
    public void The_log_config_of_with_configures_the_process_and_an_executors_own_applies_under_its_category()
    {
        var directory = Directory.CreateTempSubdirectory("jinaorleans-logging-").FullName;
        var process = Path.Combine(directory, "logging.json");
        var executor = Path.Combine(directory, "executor.json");
        File.WriteAllText(process, """{ "Logging": { "LogLevel": { "Default": "Warning", "JinaOrleans.Grains": "Debug" } } }""");
        File.WriteAllText(executor, """{ "Logging": { "LogLevel": { "Default": "Trace", "Noisy": "Error" } } }""");
        var capture = new LogCapture();
        var flow = new FlowDefinition
        {
            Gateway = new GatewayDefinition { LogConfig = process },
            Executors = [new ExecutorDefinition { Name = "verbose", Uses = "A", LogConfig = executor }, new ExecutorDefinition { Name = "plain", Uses = "B" }],
        };
        using var loggers = Loggers(capture, LogLevel.Information, flow);

        Emit(loggers, "Orleans.Runtime", LogLevel.Information, "hidden: below the file's Default");
        Emit(loggers, "JinaOrleans.Grains.Flow", LogLevel.Debug, "shown: the file names JinaOrleans.Grains");
        Emit(loggers, "JinaOrleans.Executors.verbose.A", LogLevel.Trace, "shown: the executor's Default");
        Emit(loggers, "JinaOrleans.Executors.verbose.Noisy", LogLevel.Warning, "hidden: the executor's Noisy is Error");
        Emit(loggers, "JinaOrleans.Executors.plain.B", LogLevel.Information, "hidden: the process's Default");
        Emit(loggers, "JinaOrleans.Executors.plain.B", LogLevel.Warning, "shown: the process's Default");

        Assert.Equal(
            ["shown: the file names JinaOrleans.Grains", "shown: the executor's Default", "shown: the process's Default"],
            capture.Entries.Select(e => e.Message));
    }

    [Fact]
    public async Task A_running_flow_keeps_a_quiet_executor_silent_logs_another_at_its_log_config_level_and_quiet_error_drops_the_stack()
    {
        var directory = Directory.CreateTempSubdirectory("jinaorleans-logging-").FullName;
        File.WriteAllText(Path.Combine(directory, "debug.json"), """{ "Logging": { "LogLevel": { "Default": "Debug" } } }""");
        var capture = new LogCapture();
        await using var flow = EmbeddedFlowHost.Create(
            """
            jtype: Flow
            executors:
              - name: silent
                uses: RuntimeInfoExecutor
                quiet: true
                needs: gateway
              - name: chatty
                uses: RuntimeInfoExecutor
                log_config: debug.json
                needs: gateway
              - name: brief
                uses: FailExecutor
                quiet_error: true
                needs: gateway
              - name: detailed
                uses: FailExecutor
                needs: gateway
            """,
            logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(capture),
            directory);
        await flow.StartAsync();
        using var client = TestFlows.ClientFor(flow);

        // One executor at a time: a failing branch would cancel the others.
        await client.PostAsync("/", TestFlows.Texts("X"), targetExecutor: "silent");
        await client.PostAsync("/", TestFlows.Texts("X"), targetExecutor: "chatty");
        await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/", TestFlows.Texts("X"), targetExecutor: "brief"));
        await Assert.ThrowsAsync<ExecutorErrorException>(() => client.PostAsync("/", TestFlows.Texts("X"), targetExecutor: "detailed"));

        Assert.Empty(capture.Under("JinaOrleans.Executors.silent."));
        var chatty = capture.Under("JinaOrleans.Executors.chatty.");
        Assert.Equal([LogLevel.Debug, LogLevel.Information, LogLevel.Warning], chatty.Where(e => e.Message == "Described 1 documents.").Select(e => e.Level));
        Assert.Contains(chatty, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Executor chatty/rep-0 runs / for request ", StringComparison.Ordinal));
        var brief = Assert.Single(capture.Under("JinaOrleans.Executors.brief."));
        Assert.Null(brief.Exception);
        Assert.Equal("Executor brief failed on endpoint /: InvalidOperationException: failed on purpose", brief.Message);
        var detailed = Assert.Single(capture.Under("JinaOrleans.Executors.detailed."));
        Assert.IsType<InvalidOperationException>(detailed.Exception);
    }

    [Fact]
    public void A_log_config_file_that_went_bad_after_parsing_fails_naming_it()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("jinaorleans-logging-").FullName, "gone.json");
        var flow = new FlowDefinition { Gateway = new GatewayDefinition { LogConfig = file } };

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddLogging(l => l.AddFlowLogging(flow)));

        Assert.StartsWith($"log_config: cannot read '{file}'", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Loggers(LogCapture capture, LogLevel minimum, FlowDefinition flow) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(minimum).AddProvider(capture).AddFlowLogging(flow))
            .BuildServiceProvider();

    [LoggerMessage(EventId = 1, Message = "{Text}")]
    private static partial void Write(ILogger logger, LogLevel level, string text);

    private static void Emit(ServiceProvider services, string category, LogLevel level, string text)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(category);
        Write(logger, level, text);
    }
}
