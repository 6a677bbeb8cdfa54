using System.Text.Json;

namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Reads a Latchkey audit buffer folder as an auditor would: every complete CLEF line in its segments.</summary>
public static class AuditBufferFiles
{
    public static IReadOnlyList<JsonElement> ReadEvents(string bufferPath)
    {
        var events = new List<JsonElement>();
        if (!Directory.Exists(bufferPath))
        {
            return events;
        }

        foreach (var file in Directory.EnumerateFiles(bufferPath, "audit-*.clef").Order(StringComparer.Ordinal))
        {
            string text;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream))
            {
                text = reader.ReadToEnd();
            }

            // Only lines whose newline is on disk: the tail may be half-written.
            var complete = text.LastIndexOf('\n');
            foreach (var line in text[..(complete + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var document = JsonDocument.Parse(line);
                events.Add(document.RootElement.Clone());
            }
        }

        return events;
    }

    /// <summary>Polls the folder until <paramref name="found"/> holds for its events, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForAsync(string bufferPath, Func<IReadOnlyList<JsonElement>, bool> found, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = ReadEvents(bufferPath);
            if (found(events))
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no audit events showing {what} in {bufferPath} after {timeout.TotalSeconds} s; found {events.Count} events:\n"
                    + string.Join('\n', events.Select(e => e.GetRawText())));
            }

            await Task.Delay(100);
        }
    }

    public static string? Text(this JsonElement auditEvent, string name) =>
        auditEvent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
