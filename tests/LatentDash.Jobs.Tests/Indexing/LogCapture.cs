using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Tests;

/// <summary>A logger provider that keeps every formatted line ("Level Category: message"), for tests that assert
/// what a host logged and how often.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
