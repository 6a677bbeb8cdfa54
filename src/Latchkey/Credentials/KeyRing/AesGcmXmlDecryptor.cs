using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Latchkey.Credentials.KeyRing;

/// <summary>
/// Decrypts what <see cref="AesGcmXmlEncryptor"/> wrote. Data Protection creates it by type with
/// the service provider, hence the constructor.
/// </summary>
internal sealed class AesGcmXmlDecryptor : IXmlDecryptor
{
    private readonly KeyEncryptionKey _key;

    public AesGcmXmlDecryptor(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _key = services.GetRequiredService<KeyEncryptionKey>();
    }

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var keyId = (string?)encryptedElement.Attribute("kid") ?? string.Empty;
        if (!_key.IsConfigured)
        {
            throw new CryptographicException("The key ring is encrypted but Latchkey:KeyRing:EncryptionKey is not set.");
        }

        if (!string.Equals(keyId, _key.Id, StringComparison.Ordinal))
        {
            throw new CryptographicException($"The key ring was encrypted with key {keyId}, not with the configured key {_key.Id}.");
        }

        var nonce = Convert.FromBase64String((string?)encryptedElement.Element("nonce") ?? string.Empty);
        var ciphertext = Convert.FromBase64String((string?)encryptedElement.Element("ciphertext") ?? string.Empty);
        var tag = Convert.FromBase64String((string?)encryptedElement.Element("tag") ?? string.Empty);
        if (nonce.Length != AesGcmXmlEncryptor.NonceBytes || tag.Length != AesGcmXmlEncryptor.TagBytes)
        {
            throw new CryptographicException("The encrypted key ring element is malformed.");
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using (var aes = new AesGcm(_key.Key, AesGcmXmlEncryptor.TagBytes))
            {
                aes.Decrypt(nonce, ciphertext, tag, plaintext, AesGcmXmlEncryptor.AssociatedData(keyId));
            }

            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
