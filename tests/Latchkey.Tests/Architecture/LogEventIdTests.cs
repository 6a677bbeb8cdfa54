using System.Reflection;
using Latchkey.Config;
using Microsoft.Extensions.Logging;

namespace Latchkey.Tests.Architecture;

/// <summary>
/// Operators alert and filter on log event ids (docs/operations.md names them), so an id means one
/// event: two different messages under one id would make an alert fire for the wrong thing. The
/// same event declared in two classes (7003 ConfigWarning) is one event.
/// </summary>
public sealed class LogEventIdTests
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void Every_log_event_id_names_one_event()
    {
        var events = typeof(ConfigLoader).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(Everything))
            .Select(m => (Method: m, Message: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Message is not null)
            .ToList();

        var shared = events
            .GroupBy(e => e.Message!.EventId)
            .Where(g => g.Select(e => e.Message!.EventName).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => $"{g.Key}: " + string.Join(", ", g.Select(e => $"{e.Message!.EventName} ({e.Method.DeclaringType!.FullName})")))
            .ToList();

        Assert.True(events.Count > 100, $"only {events.Count} log events found: is the reflection looking in the right place?");
        Assert.Empty(shared);
    }

    [Fact]
    public void Every_log_event_has_an_id_and_a_name()
    {
        var unnamed = typeof(ConfigLoader).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(Everything))
            .Where(m => m.GetCustomAttribute<LoggerMessageAttribute>() is { } message && (message.EventId <= 0 || string.IsNullOrEmpty(message.EventName)))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}")
            .ToList();

        Assert.Empty(unnamed);
    }
}
