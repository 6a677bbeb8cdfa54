namespace Latchkey.Sessions;

/// <summary>Outcome of <see cref="SessionService.CreateAsync"/>: the issued session or the invalid field.</summary>
internal sealed class SessionCreateResult
{
    private SessionCreateResult(IssuedSession? session, string? invalidField)
    {
        Session = session;
        InvalidField = invalidField;
    }

    public IssuedSession? Session { get; }

    /// <summary>The request field (snake_case) that was rejected.</summary>
    public string? InvalidField { get; }

    public static SessionCreateResult Created(IssuedSession session) => new(session, null);

    public static SessionCreateResult Invalid(string field) => new(null, field);
}
