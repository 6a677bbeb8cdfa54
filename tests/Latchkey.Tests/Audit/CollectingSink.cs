using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Latchkey.Tests.Audit;

/// <summary>A Serilog sink that keeps every event it receives.</summary>
public sealed class CollectingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<string> Sources => Events
        .Select(e => e.Properties.TryGetValue("SourceContext", out var v) ? ((ScalarValue)v).Value as string ?? "" : "")
        .ToArray();
}
