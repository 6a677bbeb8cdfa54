using System.Security.Cryptography;
using Latchkey.Providers;
using Microsoft.Extensions.Options;

namespace Latchkey.Credentials.KeyRing;

/// <summary>
/// Resolves and holds the key-encryption key. Resolved once at start (a bad or missing key stops
/// the start with a clear message) because Data Protection's encryptor interface is synchronous.
/// </summary>
internal sealed class KeyEncryptionKey
{
    private const int KeyBytes = 32;
    private readonly ISecretResolver _secrets;
    private readonly KeyRingOptions _options;
    private byte[]? _key;

    public KeyEncryptionKey(ISecretResolver secrets, IOptions<KeyRingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _secrets = secrets;
        _options = options.Value;
    }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.EncryptionKey);

    /// <summary>The key; <see cref="LoadAsync"/> must have run.</summary>
    public ReadOnlySpan<byte> Key => _key ?? throw new InvalidOperationException("The key ring encryption key was not loaded at start.");

    /// <summary>A short public identifier of the key, stored next to each ciphertext to name a mismatch clearly.</summary>
    public string Id { get; private set; } = string.Empty;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return;
        }

        var reference = SecretReference.Parse(_options.EncryptionKey!);
        var value = await _secrets.ResolveAsync(reference, cancellationToken)
            ?? throw new InvalidOperationException($"{KeyRingOptions.SectionName}:EncryptionKey ({reference}) could not be read.");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{KeyRingOptions.SectionName}:EncryptionKey must be base64 of {KeyBytes} random bytes.");
        }

        if (key.Length != KeyBytes)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new InvalidOperationException($"{KeyRingOptions.SectionName}:EncryptionKey must be base64 of {KeyBytes} random bytes.");
        }

        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
        _key = key;
    }
}
