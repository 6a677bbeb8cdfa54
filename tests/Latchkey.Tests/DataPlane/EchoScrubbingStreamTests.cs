using System.Text;
using Latchkey.DataPlane;

namespace Latchkey.Tests.DataPlane;

public sealed class EchoScrubbingStreamTests
{
    private const string Secret = "ya29.secret-token-42";
    private static readonly string Mask = new('*', Secret.Length);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public async Task A_secret_split_across_chunks_is_masked_and_the_length_kept(int chunkSize)
    {
        var body = "{\"a\":\"" + Secret + "\",\"b\":\"x" + Secret + "\"}";
        var (sink, stream, agentRequest) = Create(scanLimit: 1024);

        var bytes = Encoding.UTF8.GetBytes(body);
        for (var i = 0; i < bytes.Length; i += chunkSize)
        {
            await stream.WriteAsync(bytes.AsMemory(i, Math.Min(chunkSize, bytes.Length - i)));
        }

        await stream.CompleteAsync(CancellationToken.None);

        Assert.Equal(body.Replace(Secret, Mask, StringComparison.Ordinal), Encoding.UTF8.GetString(sink.ToArray()));
        Assert.True(agentRequest.CredentialEchoed);
    }

    [Fact]
    public async Task A_chunk_that_cannot_start_the_secret_is_written_at_once()
    {
        var (sink, stream, agentRequest) = Create(scanLimit: 1024);
        var sseEvent = Encoding.UTF8.GetBytes("data: {\"n\":1}\n\n");

        await stream.WriteAsync(sseEvent);

        Assert.Equal(sseEvent, sink.ToArray());
        Assert.False(agentRequest.CredentialEchoed);
    }

    [Fact]
    public async Task A_tail_that_may_start_the_secret_waits_for_the_next_chunk_or_the_end()
    {
        var (sink, stream, _) = Create(scanLimit: 1024);

        await stream.WriteAsync(Encoding.UTF8.GetBytes("token ya29"));
        Assert.Equal("token ", Encoding.UTF8.GetString(sink.ToArray()));

        await stream.CompleteAsync(CancellationToken.None);
        Assert.Equal("token ya29", Encoding.UTF8.GetString(sink.ToArray()));
    }

    [Fact]
    public async Task Bytes_past_the_scan_limit_pass_unchanged()
    {
        var (sink, stream, _) = Create(scanLimit: 8);
        var first = Encoding.UTF8.GetBytes("0123456789");
        var second = Encoding.UTF8.GetBytes(Secret);

        await stream.WriteAsync(first);
        await stream.WriteAsync(second);

        Assert.Equal("0123456789" + Secret, Encoding.UTF8.GetString(sink.ToArray()));
    }

    private static (MemoryStream Sink, EchoScrubbingStream Stream, AgentRequestFeature AgentRequest) Create(long scanLimit)
    {
        var sink = new MemoryStream();
        var agentRequest = new AgentRequestFeature();
        return (sink, new EchoScrubbingStream(sink, Encoding.UTF8.GetBytes(Secret), scanLimit, agentRequest), agentRequest);
    }
}
