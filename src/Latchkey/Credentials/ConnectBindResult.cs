namespace Latchkey.Credentials;

/// <summary>What pressing Continue on a connect link achieved; the link page audits each as what it is.</summary>
public abstract record ConnectBindResult
{
    private ConnectBindResult()
    {
    }

    /// <summary>The flow is bound to this browser, which is sent to the provider.</summary>
    public sealed record Bound(ConnectBinding Binding) : ConnectBindResult;

    /// <summary>The link is unknown, already continued or expired: nothing changed.</summary>
    public sealed record LinkUnusable : ConnectBindResult;

    /// <summary>The flow failed before the provider was visited; <paramref name="Error"/> is the flow's error code.</summary>
    public sealed record FlowFailed(string Error) : ConnectBindResult;
}
