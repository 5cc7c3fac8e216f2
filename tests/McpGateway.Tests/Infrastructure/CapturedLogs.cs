using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace McpGateway.Tests.Infrastructure;

/// <summary>An in-memory logger provider: every formatted log line (with exception text) of one gateway, to search in tests.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public string Text => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                // Structured values too: a sink that keeps them (JSON, OTLP) would store them even if the message hides them.
                line += " | " + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            }
            owner._lines.Enqueue(exception is null ? line : line + Environment.NewLine + exception);
        }
    }
}
