using Latchkey.Providers;

namespace Latchkey.Sessions;

/// <summary>
/// Where a request presented its session token and the raw value found there (an
/// <c>Authorization</c> value, a header's bare token, or a query parameter's decoded value), or
/// why none could be read.
/// </summary>
internal readonly record struct SessionTokenRead(SessionResolutionFailure Failure, SessionTokenSource? Source, string? Value)
{
    public static SessionTokenRead Failed(SessionResolutionFailure failure) => new(failure, null, null);

    /// <summary>The token itself (parses an Authorization value again: only for the rare paths that need it).</summary>
    public string? Token() => Source?.Kind == SessionTokenSourceKind.Authorization ? SessionCredentialParser.Parse(Value) : Value;
}
