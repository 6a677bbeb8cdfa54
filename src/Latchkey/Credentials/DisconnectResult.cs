namespace Latchkey.Credentials;

/// <summary>A disconnect: whether there was a connection to delete and, if so, what revocation at the provider did.</summary>
public sealed record DisconnectResult(bool Deleted, RevocationOutcome Revocation)
{
    public static readonly DisconnectResult NotFound = new(false, RevocationOutcome.NotSupported);

    /// <summary>The audit event's <c>Revocation</c> value.</summary>
    public string AuditValue => Revocation switch
    {
        RevocationOutcome.Revoked => "revoked",
        RevocationOutcome.Failed => "failed",
        _ => "not_supported",
    };
}
