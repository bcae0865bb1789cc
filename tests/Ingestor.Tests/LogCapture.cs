using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ingestor.Tests;

/// <summary>Collects every log line a host writes (added as one more provider), for assertions on what the log says.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, EventId Event, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, EventId Event, string Message)> Entries => [.. _entries];

    /// <summary>Every captured line, with its exception, as one text.</summary>
    public string Text => string.Join('\n', _entries.Select(e => $"{e.Level} {e.Category}[{e.Event.Id}] {e.Message}"));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, EventId, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }
}
