using System.Buffers;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// Sits in front of the agent's response body for answers that can carry a <c>tools/list</c>
/// result, and passes each JSON-RPC message through <see cref="ToolListFilter"/>. An SSE stream is
/// filtered event by event and every event is written and flushed as soon as its blank line
/// arrives, so streaming is never held up; a JSON answer is one message, kept (up to the bound)
/// until it ends. Any other content passes untouched. An event or answer over the bound cannot be
/// judged and ends the response (fail closed).
/// </summary>
internal sealed class ToolListFilterStream : Stream
{
    private static readonly byte[] DataField = "data:"u8.ToArray();

    private readonly Stream _inner;
    private readonly HttpResponse _response;
    private readonly Func<string, bool> _visible;
    private readonly int _limit;
    private readonly ArrayBufferWriter<byte> _line = new();
    private readonly List<byte[]> _event = [];
    private readonly ArrayBufferWriter<byte> _json = new();
    private int _eventBytes;
    private Mode _mode;
    private bool _skipLineFeed;

    public ToolListFilterStream(Stream inner, HttpResponse response, Func<string, bool> visible, int limit)
    {
        _inner = inner;
        _response = response;
        _visible = visible;
        _limit = limit;
    }

    private enum Mode
    {
        Undecided,
        PassThrough,
        EventStream,
        Json,
    }

    /// <summary>True for a response this stream rewrites, whose Content-Length can therefore not stay.</summary>
    public static bool Rewrites(HttpResponse response) => ModeOf(response.ContentType) != Mode.PassThrough;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_mode == Mode.Undecided)
        {
            _mode = ModeOf(_response.ContentType);
        }

        switch (_mode)
        {
            case Mode.PassThrough:
                await _inner.WriteAsync(buffer, cancellationToken);
                return;
            case Mode.Json:
                Keep(_json, buffer.Span, _json.WrittenCount);
                return;
            default:
                var output = new ArrayBufferWriter<byte>();
                FeedEvents(buffer.Span, output);
                if (output.WrittenCount > 0)
                {
                    await _inner.WriteAsync(output.WrittenMemory, cancellationToken);
                    await _inner.FlushAsync(cancellationToken);
                }

                return;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _mode == Mode.Json ? Task.CompletedTask : _inner.FlushAsync(cancellationToken);

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Once the upstream's answer has ended: writes a kept JSON answer, filtered. An SSE event cut
    /// off before its blank line is dropped, as an SSE client would drop it.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_mode != Mode.Json)
        {
            return;
        }

        var output = new ArrayBufferWriter<byte>();
        switch (ToolListFilter.Filter(_json.WrittenSpan, _visible, output))
        {
            case ToolListFilter.Result.Unchanged:
                await _inner.WriteAsync(_json.WrittenMemory, cancellationToken);
                break;
            case ToolListFilter.Result.Filtered:
                await _inner.WriteAsync(output.WrittenMemory, cancellationToken);
                break;
            default:
                await _inner.WriteAsync(UnreadableAnswer, cancellationToken);
                break;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static ReadOnlyMemory<byte> UnreadableAnswer { get; } =
        """{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"Latchkey could not read the MCP server's tools/list answer strictly, so it is not passed on."}}"""u8.ToArray();

    private static Mode ModeOf(string? contentType)
    {
        var type = contentType?.Split(';', 2)[0].Trim();
        return string.Equals(type, "text/event-stream", StringComparison.OrdinalIgnoreCase) ? Mode.EventStream
            : string.Equals(type, "application/json", StringComparison.OrdinalIgnoreCase) ? Mode.Json
            : Mode.PassThrough;
    }

    /// <summary>Splits SSE text into lines (CRLF, LF or CR, as the SSE spec reads them) and events (a blank line ends one).</summary>
    private void FeedEvents(ReadOnlySpan<byte> span, ArrayBufferWriter<byte> output)
    {
        while (!span.IsEmpty)
        {
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (span[0] == (byte)'\n')
                {
                    span = span[1..];
                    continue;
                }
            }

            var end = span.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                Keep(_line, span, _eventBytes + _line.WrittenCount);
                return;
            }

            Keep(_line, span[..end], _eventBytes + _line.WrittenCount);
            _skipLineFeed = span[end] == (byte)'\r';
            span = span[(end + 1)..];
            EndLine(output);
        }
    }

    private void EndLine(ArrayBufferWriter<byte> output)
    {
        if (_line.WrittenCount > 0)
        {
            _event.Add(_line.WrittenSpan.ToArray());
            _eventBytes += _line.WrittenCount + 1;
            _line.ResetWrittenCount();
            return;
        }

        WriteEvent(output);
        _event.Clear();
        _eventBytes = 0;
    }

    private void WriteEvent(ArrayBufferWriter<byte> output)
    {
        var data = new ArrayBufferWriter<byte>();
        foreach (var line in _event.Where(IsData))
        {
            if (data.WrittenCount > 0)
            {
                data.Write("\n"u8);
            }

            var value = line.AsSpan(DataField.Length);
            data.Write(value.StartsWith(" "u8) ? value[1..] : value);
        }

        var filtered = new ArrayBufferWriter<byte>();
        var result = ToolListFilter.Filter(data.WrittenSpan, _visible, filtered);
        if (result == ToolListFilter.Result.Unreadable)
        {
            return;
        }

        foreach (var line in _event.Where(line => result == ToolListFilter.Result.Unchanged || !IsData(line)))
        {
            output.Write(line);
            output.Write("\n"u8);
        }

        if (result == ToolListFilter.Result.Filtered)
        {
            output.Write("data: "u8);
            output.Write(filtered.WrittenSpan);
            output.Write("\n"u8);
        }

        output.Write("\n"u8);
    }

    private static bool IsData(byte[] line) => line.AsSpan().StartsWith(DataField);

    private void Keep(ArrayBufferWriter<byte> into, ReadOnlySpan<byte> bytes, int held)
    {
        if (held + bytes.Length > _limit)
        {
            // Thrown into the forwarder's copy: it ends the response rather than pass on what was not judged.
            throw new IOException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"An MCP answer that may carry a tools list is over {_limit} bytes; it is not passed on."));
        }

        into.Write(bytes);
    }
}
