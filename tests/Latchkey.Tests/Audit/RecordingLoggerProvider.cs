using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Latchkey.Tests.Audit;

/// <summary>Captures log entries (category, id, level, message, state and scopes) for assertions.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyList<LogRecord> Records => _records.ToArray();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, _records);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>One captured entry.</summary>
    public sealed record LogRecord(
        string Category,
        EventId EventId,
        LogLevel Level,
        string Message,
        IReadOnlyList<KeyValuePair<string, object?>> State,
        IReadOnlyList<object?> Scopes,
        Exception? Exception);

    private sealed class RecordingLogger(string category, ConcurrentQueue<LogRecord> records) : ILogger
    {
        private readonly AsyncLocal<ImmutableStack?> _scopes = new();

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var previous = _scopes.Value;
            _scopes.Value = new ImmutableStack(state, previous);
            return new ScopeHandle(() => _scopes.Value = previous);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            var scopes = new List<object?>();
            for (var scope = _scopes.Value; scope is not null; scope = scope.Next)
            {
                scopes.Add(scope.State);
            }

            records.Enqueue(new LogRecord(category, eventId, logLevel, formatter(state, exception), values.ToArray(), scopes, exception));
        }
    }

    private sealed record ImmutableStack(object? State, ImmutableStack? Next);

    private sealed class ScopeHandle(Action onDispose) : IDisposable
    {
        public void Dispose() => onDispose();
    }
}
