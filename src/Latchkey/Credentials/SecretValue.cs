using Latchkey.Providers;

namespace Latchkey.Credentials;

/// <summary>
/// A secret held in memory (an access token, a refresh token, an API key). Its
/// <see cref="ToString"/> redacts, so an accidental log or interpolation cannot leak it.
/// </summary>
public sealed class SecretValue
{
    private readonly string _value;
    private Rendering? _rendering;
    private Utf8Part? _utf8Part;

    public SecretValue(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    /// <summary>The plaintext; call only where the secret is deliberately used.</summary>
    public string Reveal() => _value;

    /// <summary>
    /// This secret written in <paramref name="inject"/>'s format: the header value a provider
    /// receives. Kept with the secret (itself cached until it is refreshed), so every request the
    /// secret serves injects one rendering instead of building the same string again
    /// (bench/README.md); a different format, e.g. after a config reload, renders anew.
    /// </summary>
    public SecretValue RenderedFor(InjectSettings inject)
    {
        ArgumentNullException.ThrowIfNull(inject);
        var rendering = _rendering;
        if (rendering is null || !rendering.Inject.Equals(inject))
        {
            // Two requests racing here both render; either result is the same value.
            rendering = new Rendering(inject, new SecretValue(inject.Render(_value)));
            _rendering = rendering;
        }

        return rendering.Value;
    }

    /// <summary>
    /// The UTF-8 bytes of <c>Reveal()[start..(start + length)]</c>, kept for the next caller that
    /// asks for the same part: the echo scan of every response to the requests this rendering
    /// serves searches for the same bytes. Callers must not change the array.
    /// </summary>
    public byte[] Utf8Of(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, _value.Length);
        var part = _utf8Part;
        if (part is null || part.Start != start || part.Length != length)
        {
            part = new Utf8Part(start, length, System.Text.Encoding.UTF8.GetBytes(_value, start, length));
            _utf8Part = part;
        }

        return part.Bytes;
    }

    public override string ToString() => "***";

    private sealed record Utf8Part(int Start, int Length, byte[] Bytes)
    {
        public override string ToString() => "***";
    }

    private sealed record Rendering(InjectSettings Inject, SecretValue Value)
    {
        // A record prints its members: never this one's.
        public override string ToString() => "***";
    }
}
