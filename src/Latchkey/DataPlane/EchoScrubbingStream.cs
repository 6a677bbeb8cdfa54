using System.Buffers;

namespace Latchkey.DataPlane;

/// <summary>
/// Wraps the agent's response body and overwrites every occurrence of the injected secret with
/// as many '*' (so Content-Length stays true) in the first <c>scanLimit</c> bytes, streaming: a
/// chunk is written on at once, except a tail that could be the start of the secret, which waits
/// for the next chunk so a secret split across chunks is still caught. A chunk ending in
/// anything else (an SSE event's blank line, say) is never held back.
/// </summary>
internal sealed class EchoScrubbingStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _secret;
    private readonly long _scanLimit;
    private readonly AgentRequestFeature _agentRequest;
    private byte[]? _held; // only once a chunk ends in what could be the secret's start: most responses never need it
    private int _heldLength;
    private long _scanned;

    public EchoScrubbingStream(Stream inner, byte[] secret, long scanLimit, AgentRequestFeature agentRequest)
    {
        _inner = inner;
        _secret = secret;
        _scanLimit = scanLimit;
        _agentRequest = agentRequest;
    }

    /// <summary>The stream this one writes to, restored on the response once forwarding ends.</summary>
    public Stream Inner => _inner;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    // Nearly every chunk is clean: it goes straight on, without an async frame of this stream's.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_heldLength == 0 && (_scanned >= _scanLimit || IsClean(buffer.Span)))
        {
            _scanned += buffer.Length;
            return _inner.WriteAsync(buffer, cancellationToken);
        }

        return WriteScrubbedAsync(buffer, cancellationToken);
    }

    private async ValueTask WriteScrubbedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = _heldLength + buffer.Length;
        var work = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            _held.AsSpan(0, _heldLength).CopyTo(work); // empty when nothing is held
            buffer.Span.CopyTo(work.AsSpan(_heldLength));
            _heldLength = 0;
            var chunk = work.AsSpan(0, total);
            Scrub(chunk);
            _scanned += buffer.Length;
            var hold = _scanned >= _scanLimit ? 0 : PartialSecretAtEnd(chunk);
            if (hold > 0)
            {
                chunk[(total - hold)..].CopyTo(_held ??= new byte[_secret.Length - 1]);
            }

            _heldLength = hold;
            await _inner.WriteAsync(work.AsMemory(0, total - hold), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(work);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    /// <summary>Writes a held tail, which never completed the secret, once the body has ended.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_heldLength == 0)
        {
            return Task.CompletedTask;
        }

        var length = _heldLength;
        _heldLength = 0;
        return _inner.WriteAsync(_held!.AsMemory(0, length), cancellationToken).AsTask();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private bool IsClean(ReadOnlySpan<byte> chunk) => chunk.IndexOf(_secret) < 0 && PartialSecretAtEnd(chunk) == 0;

    private void Scrub(Span<byte> chunk)
    {
        int at;
        while ((at = chunk.IndexOf(_secret)) >= 0)
        {
            chunk.Slice(at, _secret.Length).Fill((byte)'*');
            chunk = chunk[(at + _secret.Length)..];
            _agentRequest.CredentialEchoed = true;
        }
    }

    /// <summary>The length of the longest end of <paramref name="chunk"/> that is a proper start of the secret.</summary>
    private int PartialSecretAtEnd(ReadOnlySpan<byte> chunk)
    {
        var first = _secret[0];
        var from = Math.Max(0, chunk.Length - (_secret.Length - 1));
        for (var i = chunk[from..].IndexOf(first); i >= 0; i = NextIndex(chunk, from, i, first))
        {
            var tail = chunk[(from + i)..];
            if (_secret.AsSpan().StartsWith(tail))
            {
                return tail.Length;
            }
        }

        return 0;
    }

    private static int NextIndex(ReadOnlySpan<byte> chunk, int from, int previous, byte first)
    {
        var next = chunk[(from + previous + 1)..].IndexOf(first);
        return next < 0 ? -1 : previous + 1 + next;
    }
}
