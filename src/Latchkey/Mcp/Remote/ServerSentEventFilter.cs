using System.Buffers;
using System.Globalization;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// Reads a remote MCP server's <c>text/event-stream</c> as an SSE client does (WHATWG HTML
/// §9.2.6: a leading byte order mark dropped, lines ended by CRLF, LF or CR, a blank line ending an
/// event, <c>data</c> lines joined by LF) and passes each event's data through
/// <see cref="ToolListFilter"/>: an event whose data is a tools list is written with its data
/// filtered, one that cannot be read strictly is dropped, any other as it came. An event over the
/// bound cannot be judged and ends the response.
/// </summary>
internal sealed class ServerSentEventFilter
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly Func<string, bool> _visible;
    private readonly int _limit;
    private readonly ArrayBufferWriter<byte> _line = new();
    private readonly List<byte[]> _event = [];
    private int _eventBytes;
    private bool _skipLineFeed;
    private bool _firstLine = true;

    public ServerSentEventFilter(Func<string, bool> visible, int limit)
    {
        _visible = visible;
        _limit = limit;
    }

    /// <summary>Takes the next bytes of the stream; writes every event they complete into <paramref name="output"/>.</summary>
    public void Feed(ReadOnlySpan<byte> span, IBufferWriter<byte> output)
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
                Keep(span);
                return;
            }

            Keep(span[..end]);
            _skipLineFeed = span[end] == (byte)'\r';
            span = span[(end + 1)..];
            EndLine(output);
        }
    }

    private void EndLine(IBufferWriter<byte> output)
    {
        var line = _line.WrittenSpan;
        if (_firstLine)
        {
            _firstLine = false;
            line = line.StartsWith(Bom) ? line[Bom.Length..] : line;
        }

        if (!line.IsEmpty)
        {
            _event.Add(line.ToArray());
            _eventBytes += line.Length + 1;
            _line.ResetWrittenCount();
            return;
        }

        _line.ResetWrittenCount();
        WriteEvent(output);
        _event.Clear();
        _eventBytes = 0;
    }

    private void WriteEvent(IBufferWriter<byte> output)
    {
        var data = new ArrayBufferWriter<byte>();
        var dataLines = 0;
        foreach (var line in _event.Where(IsData))
        {
            if (dataLines++ > 0)
            {
                data.Write("\n"u8);
            }

            var value = line.Length > 4 ? line.AsSpan(5) : default;
            data.Write(value.StartsWith(" "u8) ? value[1..] : value);
        }

        // An event without data is not dispatched to the client (§9.2.6): nothing in it to judge.
        var filtered = new ArrayBufferWriter<byte>();
        var result = data.WrittenCount == 0 ? ToolListFilter.Result.Unchanged
            : ToolListFilter.Filter(data.WrittenSpan, "application/json", _visible, filtered);
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

    /// <summary>The field is <c>data</c>: the line is exactly that, or starts with it and a colon.</summary>
    private static bool IsData(byte[] line) => line.AsSpan().SequenceEqual("data"u8) || line.AsSpan().StartsWith("data:"u8);

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if ((long)_eventBytes + _line.WrittenCount + bytes.Length > _limit)
        {
            // Thrown into the forwarder's copy: it ends the response rather than pass on what was not judged.
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"An MCP event that may carry a tools list is over {_limit} bytes; it is not passed on."));
        }

        _line.Write(bytes);
    }
}
