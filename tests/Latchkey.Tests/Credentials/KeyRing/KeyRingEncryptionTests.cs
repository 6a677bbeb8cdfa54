using System.Security.Cryptography;
using System.Xml.Linq;
using Latchkey.Credentials;
using Latchkey.Credentials.KeyRing;
using Latchkey.Stores.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.Credentials.KeyRing;

public sealed class KeyRingEncryptionTests : IDisposable
{
    private readonly string _variable = "LATCHKEY_TEST_KEK_" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Key_round_trips_and_the_stored_form_holds_no_plaintext()
    {
        var key = await LoadAsync(RandomKey());
        var element = new XElement("key", new XElement("masterKey", "c2VjcmV0LWtleS1tYXRlcmlhbA=="));

        var encrypted = new AesGcmXmlEncryptor(key).Encrypt(element);
        var decrypted = Decryptor(key).Decrypt(encrypted.EncryptedElement);

        Assert.DoesNotContain("c2VjcmV0LWtleS1tYXRlcmlhbA", encrypted.EncryptedElement.ToString(), StringComparison.Ordinal);
        Assert.Equal(typeof(AesGcmXmlDecryptor), encrypted.DecryptorType);
        Assert.Equal(element.ToString(), decrypted.ToString());
    }

    [Fact]
    public async Task Tampered_ciphertext_is_refused()
    {
        var key = await LoadAsync(RandomKey());
        var encrypted = new AesGcmXmlEncryptor(key).Encrypt(new XElement("key", "material")).EncryptedElement;
        var bytes = Convert.FromBase64String(encrypted.Element("ciphertext")!.Value);
        bytes[0] ^= 1;
        encrypted.Element("ciphertext")!.Value = Convert.ToBase64String(bytes);

        Assert.ThrowsAny<CryptographicException>(() => Decryptor(key).Decrypt(encrypted));
    }

    [Fact]
    public async Task Another_key_is_refused_with_both_key_ids_named()
    {
        var writer = await LoadAsync(RandomKey());
        var reader = await LoadAsync(RandomKey());
        var encrypted = new AesGcmXmlEncryptor(writer).Encrypt(new XElement("key", "material")).EncryptedElement;

        var error = Assert.ThrowsAny<CryptographicException>(() => Decryptor(reader).Decrypt(encrypted));

        Assert.Contains(writer.Id, error.Message, StringComparison.Ordinal);
        Assert.Contains(reader.Id, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public async Task Malformed_key_stops_the_start_with_a_clear_message(string value)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LoadAsync(value));

        Assert.Contains("Latchkey:KeyRing:EncryptionKey must be base64 of 32 random bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unset_variable_stops_the_start_naming_the_reference_not_a_value()
    {
        var key = new KeyEncryptionKey(new SecretResolver(TimeProvider.System, NullLogger<SecretResolver>.Instance),
            Options.Create(new KeyRingOptions { EncryptionKey = "env:" + _variable }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => key.LoadAsync(CancellationToken.None));

        Assert.Contains(_variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_protection_with_the_encryptor_stores_only_encrypted_keys_and_still_decrypts()
    {
        var key = await LoadAsync(RandomKey());
        var repository = new InMemoryXmlRepository();
        var services = new ServiceCollection();
        services.AddSingleton(key);
        services.AddDataProtection().SetApplicationName("latchkey-test");
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = repository;
            o.XmlEncryptor = new AesGcmXmlEncryptor(key);
        });
        await using var provider = services.BuildServiceProvider();
        var protector = provider.GetRequiredService<IDataProtectionProvider>().CreateProtector("p");

        var ciphertext = protector.Protect("user-token"u8.ToArray());

        var stored = Assert.Single(repository.GetAllElements()).ToString();
        Assert.Contains("encryptedKey", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", stored, StringComparison.Ordinal);
        Assert.Equal("user-token"u8.ToArray(), protector.Unprotect(ciphertext));
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_variable, null);

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static AesGcmXmlDecryptor Decryptor(KeyEncryptionKey key)
    {
        var services = new ServiceCollection().AddSingleton(key).BuildServiceProvider();
        return new AesGcmXmlDecryptor(services);
    }

    private async Task<KeyEncryptionKey> LoadAsync(string value)
    {
        Environment.SetEnvironmentVariable(_variable, value);
        var key = new KeyEncryptionKey(new SecretResolver(TimeProvider.System, NullLogger<SecretResolver>.Instance),
            Options.Create(new KeyRingOptions { EncryptionKey = "env:" + _variable }));
        await key.LoadAsync(CancellationToken.None);
        return key;
    }
}
