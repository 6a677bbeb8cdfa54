using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Latchkey.Credentials.KeyRing;

/// <summary>Encrypts a Data Protection key's XML with AES-256-GCM under the key-encryption key.</summary>
internal sealed class AesGcmXmlEncryptor : IXmlEncryptor
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    private readonly KeyEncryptionKey _key;

    public AesGcmXmlEncryptor(KeyEncryptionKey key) => _key = key;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using (var aes = new AesGcm(_key.Key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(_key.Id));
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(
            "encryptedKey",
            new XAttribute("alg", "A256GCM"),
            new XAttribute("kid", _key.Id),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("ciphertext", Convert.ToBase64String(ciphertext)),
            new XElement("tag", Convert.ToBase64String(tag)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }

    /// <summary>Binds the ciphertext to the algorithm and key id, so neither can be swapped unnoticed.</summary>
    internal static byte[] AssociatedData(string keyId) => Encoding.UTF8.GetBytes("latchkey-keyring-v1\nA256GCM\n" + keyId);
}
