namespace Latchkey.Sessions;

/// <summary>A newly created session and its plaintext token, which exists only in this value.</summary>
internal sealed record IssuedSession(SessionRecord Record, string Token)
{
    // Keep the token out of accidental logging and debugger displays.
    public override string ToString() => $"IssuedSession {{ Id = {Record.Id}, Token = *** }}";
}
