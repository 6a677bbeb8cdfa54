namespace Latchkey.Credentials.KeyRing;

/// <summary>
/// <c>Latchkey:KeyRing</c>: an optional key-encryption key for the Data Protection key ring. When
/// set, the keys that encrypt users' tokens are themselves stored encrypted (AES-256-GCM), so a
/// copy of Redis or of a backup alone does not reveal any token.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "Latchkey:KeyRing";

    /// <summary>A secret reference (<c>env:NAME</c> or <c>keyvault:…</c>) to 32 random bytes in base64.</summary>
    public string? EncryptionKey { get; set; }
}
