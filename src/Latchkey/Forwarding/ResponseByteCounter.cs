namespace Latchkey.Forwarding;

/// <summary>
/// Sits in front of the agent's response body while a request is forwarded and counts the bytes
/// written to it, for the completion record's <c>ResponseBytes</c>. Writes pass straight through.
/// </summary>
internal sealed class ResponseByteCounter : Stream
{
    private readonly Stream _inner;

    public ResponseByteCounter(Stream inner) => _inner = inner;

    /// <summary>The stream this one writes to, restored on the response once forwarding ends.</summary>
    public Stream Inner => _inner;

    /// <summary>Bytes handed to the agent's body so far (those the client went away from included).</summary>
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Written += buffer.Length;
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Written += count;
        _inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Written += buffer.Length;
        _inner.Write(buffer);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
