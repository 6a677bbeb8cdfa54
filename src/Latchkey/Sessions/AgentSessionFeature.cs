namespace Latchkey.Sessions;

/// <summary>The resolved session of the current data-plane request, set by the AgentSession handler.</summary>
public sealed class AgentSessionFeature
{
    public AgentSessionFeature(SessionRecord session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
    }

    public SessionRecord Session { get; }
}
