using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Latchkey.Mcp.Remote;

/// <summary>
/// Sits in front of the agent's response body for answers that can carry a <c>tools/list</c>
/// result. Only the remote server's answer is read (Latchkey's own refusals pass as written), and
/// it is read in full or refused, never passed unread: an uncompressed <c>application/json</c>
/// answer is one message (or an array of them), kept up to the bound and filtered when it ends; an
/// uncompressed <c>text/event-stream</c> is filtered event by event, each written and flushed as
/// soon as its blank line arrives, so streaming is never held up; any other answer with a body (a
/// Content-Encoding, another Content-Type) is replaced by a JSON-RPC error. An event or answer over
/// the bound cannot be judged and ends the response (fail closed).
/// </summary>
internal sealed class ToolListFilterStream : Stream
{
    private readonly Stream _inner;
    private readonly HttpResponse _response;
    private readonly Func<bool> _fromUpstream;
    private readonly Func<string, bool> _visible;
    private readonly int _limit;
    private readonly ReadOnlyMemory<byte> _refusal;
    private readonly ArrayBufferWriter<byte> _json = new();
    private readonly ServerSentEventFilter _events;
    private Mode _mode;
    private string _contentType = string.Empty;
    private long _discarded;
    private bool _refusalWritten;

    /// <param name="fromUpstream">True once the remote server has answered: what is written before is Latchkey's own.</param>
    /// <param name="idJson">The JSON-RPC id the refusal answers; null when there is none.</param>
    public ToolListFilterStream(Stream inner, HttpResponse response, Func<bool> fromUpstream, Func<string, bool> visible, int limit, string? idJson)
    {
        _inner = inner;
        _response = response;
        _fromUpstream = fromUpstream;
        _visible = visible;
        _limit = limit;
        _refusal = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":" + (idJson ?? "null")
            + ",\"error\":{\"code\":-32603,\"message\":\"Latchkey could not read the MCP server's answer strictly (compressed, another Content-Type, or not well-formed), so it is not passed on.\"}}");
        _events = new ServerSentEventFilter(visible, limit);
    }

    private enum Mode
    {
        Undecided,
        PassThrough,
        EventStream,
        Json,
        Refused,
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Decides, once, how the answer is treated, while its headers can still change: called before
    /// the headers go out (OnStarting) and at the first write, whichever comes first.
    /// </summary>
    public void Decide()
    {
        if (_mode != Mode.Undecided)
        {
            return;
        }

        var headers = _response.Headers;
        if (!_fromUpstream() || headers.ContentLength == 0 || _response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            // Latchkey's own answer, or one without a body: nothing of the server's to read.
            _mode = Mode.PassThrough;
            return;
        }

        _contentType = headers.ContentType.Count == 1 ? headers.ContentType[0] ?? string.Empty : string.Empty;
        var identity = headers.ContentEncoding.All(e => string.IsNullOrWhiteSpace(e) || e.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase));
        var media = MediaTypeHeaderValue.TryParse(_contentType, out var parsed) ? parsed.MediaType.Value : null;
        _mode = !identity ? Mode.Refused
            : string.Equals(media, "text/event-stream", StringComparison.OrdinalIgnoreCase) ? Mode.EventStream
            : string.Equals(media, "application/json", StringComparison.OrdinalIgnoreCase) ? Mode.Json
            : Mode.Refused;

        // The answer is rewritten: the server's length no longer holds.
        headers.ContentLength = null;
        if (_mode == Mode.Refused)
        {
            _response.StatusCode = _response.StatusCode is >= 200 and < 300 ? StatusCodes.Status502BadGateway : _response.StatusCode;
            headers.ContentEncoding = default;
            headers.ContentType = "application/json; charset=utf-8";
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Decide();
        switch (_mode)
        {
            case Mode.PassThrough:
                await _inner.WriteAsync(buffer, cancellationToken);
                return;
            case Mode.Json:
                Bound(_json.WrittenCount + (long)buffer.Length);
                _json.Write(buffer.Span);
                return;
            case Mode.Refused:
                _discarded += buffer.Length;
                await WriteRefusalAsync(cancellationToken);
                Bound(_discarded);
                return;
            default:
                var output = new ArrayBufferWriter<byte>();
                _events.Feed(buffer.Span, output);
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
        _mode is Mode.PassThrough or Mode.EventStream ? _inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Once the server's answer has ended: writes a kept JSON answer, filtered, or the refusal. An
    /// SSE event cut off before its blank line is dropped, as an SSE client would drop it.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        Decide();
        if (_mode == Mode.Refused)
        {
            await WriteRefusalAsync(cancellationToken);
            return;
        }

        if (_mode != Mode.Json || _json.WrittenCount == 0)
        {
            return;
        }

        var output = new ArrayBufferWriter<byte>();
        switch (ToolListFilter.Filter(_json.WrittenSpan, _contentType, _visible, output))
        {
            case ToolListFilter.Result.Unchanged:
                await _inner.WriteAsync(_json.WrittenMemory, cancellationToken);
                break;
            case ToolListFilter.Result.Filtered:
                await _inner.WriteAsync(output.WrittenMemory, cancellationToken);
                break;
            default:
                await _inner.WriteAsync(_refusal, cancellationToken);
                break;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task WriteRefusalAsync(CancellationToken cancellationToken)
    {
        if (_refusalWritten)
        {
            return;
        }

        _refusalWritten = true;
        await _inner.WriteAsync(_refusal, cancellationToken);
        await _inner.FlushAsync(cancellationToken);
    }

    private void Bound(long held)
    {
        if (held > _limit)
        {
            // Thrown into the forwarder's copy: it ends the response rather than pass on what was not judged.
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"An MCP answer that may carry a tools list is over {_limit} bytes; it is not passed on."));
        }
    }
}
