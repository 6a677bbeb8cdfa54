namespace Latchkey.Sessions;

/// <summary>The outcome of reading a request's agent session: the session, or why there is none.</summary>
public readonly record struct SessionResolution(SessionRecord? Session, SessionResolutionFailure Failure)
{
    public static SessionResolution Failed(SessionResolutionFailure failure) => new(null, failure);

    public static SessionResolution Resolved(SessionRecord session) => new(session, SessionResolutionFailure.None);
}
