using System.Text;
using Latchkey.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latchkey.Tests.Audit;

public sealed class AuditConsoleWriterTests
{
    [Fact]
    public async Task Queued_lines_reach_the_output_in_order_one_per_line()
    {
        using var output = new MemoryStream();
        using var gate = new StringWriter();
        var writer = new AuditConsoleWriter(output, gate, NullLogger<AuditConsoleWriter>.Instance);

        for (var i = 0; i < 1000; i++)
        {
            writer.Enqueue(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"));
        }

        await WaitUntilAsync(() => Lines(output, gate).Length == 1000);
        writer.Dispose();

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"{{\"n\":{i}}}"), Lines(output, gate));
    }

    [Fact]
    public void Dispose_drains_what_was_queued()
    {
        using var output = new MemoryStream();
        using var gate = new StringWriter();
        var writer = new AuditConsoleWriter(output, gate, NullLogger<AuditConsoleWriter>.Instance);
        writer.Enqueue("{\"last\":true}"u8.ToArray());

        writer.Dispose();

        Assert.Equal(["{\"last\":true}"], Lines(output, gate));
    }

    // The writer holds the console lock while writing; reading under it sees whole batches.
    private static string[] Lines(MemoryStream output, StringWriter gate)
    {
        lock (gate)
        {
            return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the lines never reached the output");
            await Task.Delay(10);
        }
    }
}
