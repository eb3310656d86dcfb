using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace JinaOrleans.Tests.Support;

/// <summary>A logger provider keeping every entry that passes the host's filters, for tests that check what was logged.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>The entries whose category starts with <paramref name="prefix"/>.</summary>
    public IReadOnlyList<Entry> Under(string prefix) => [.. _entries.Where(e => e.Category.StartsWith(prefix, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
    }
}
