using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Tests.Stores.Contracts;

/// <summary>What every Data Protection key repository must do, run against each implementation.</summary>
public abstract class XmlRepositoryContract : IAsyncLifetime
{
    private static readonly XNamespace DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";

    protected IXmlRepository Repository { get; private set; } = null!;

    public async Task InitializeAsync() => Repository = await CreateRepositoryAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Empty_repository_has_no_elements()
    {
        Assert.Empty(Repository.GetAllElements());
    }

    [Fact]
    public void Stored_elements_read_back_in_order_and_intact()
    {
        var first = new XElement("key", new XAttribute("id", "1"), new XElement("value", "é ✓ <&>"));
        var second = new XElement("key", new XAttribute("id", "2"), new XElement("value", new string('x', 100_000)));

        Repository.StoreElement(first, "one");
        Repository.StoreElement(second, "two");

        var all = Repository.GetAllElements().ToList();
        Assert.Equal(2, all.Count);
        Assert.True(XNode.DeepEquals(first, all[0]));
        Assert.True(XNode.DeepEquals(second, all[1]));
    }

    [Fact]
    public void Returned_elements_are_copies()
    {
        Repository.StoreElement(new XElement("key", new XAttribute("id", "1")), "one");

        Repository.GetAllElements().Single().SetAttributeValue("id", "tampered");

        Assert.Equal("1", Repository.GetAllElements().Single().Attribute("id")!.Value);
    }

    [Fact]
    public void Namespaces_markup_characters_and_unicode_attributes_round_trip()
    {
        var element = new XElement(
            DataProtectionNamespace + "key",
            new XAttribute("id", "ünïcødé-🔑"),
            new XAttribute("weird", "a&b<c>\"d\" 'e'"),
            new XElement(DataProtectionNamespace + "note", "日本語 🔐 \t tab <![CDATA[ not cdata ]]>"),
            new XElement("plain", new XCData("real <cdata> & more")));

        Repository.StoreElement(element, "ünïcødé-🔑");

        AssertSameXml(element, Assert.Single(Repository.GetAllElements()));
    }

    [Fact]
    public void A_megabyte_element_round_trips()
    {
        var element = new XElement(DataProtectionNamespace + "key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(768 * 1024)));

        Repository.StoreElement(element, "large");

        AssertSameXml(element, Assert.Single(Repository.GetAllElements()));
    }

    [Fact]
    public void Changing_an_element_after_storing_it_does_not_change_the_stored_copy()
    {
        var element = new XElement("key", new XAttribute("id", "1"), new XElement("value", "v"));
        var snapshot = new XElement(element);

        Repository.StoreElement(element, "one");
        element.SetAttributeValue("id", "tampered");
        element.RemoveNodes();

        Assert.True(XNode.DeepEquals(snapshot, Assert.Single(Repository.GetAllElements())));
    }

    [Fact]
    public void Many_elements_are_all_kept()
    {
        var ids = Enumerable.Range(0, 50).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();

        foreach (var id in ids)
        {
            Repository.StoreElement(new XElement("key", new XAttribute("id", id)), id);
        }

        Assert.Equal(ids, Repository.GetAllElements().Select(e => e.Attribute("id")!.Value));
    }

    [Fact]
    public async Task Data_protection_keys_written_by_one_instance_unprotect_on_another()
    {
        using var writer = DataProtection(Repository);
        var ciphertext = writer.GetRequiredService<IDataProtectionProvider>().CreateProtector("contract").Protect("secret ✓");

        // Another replica reads the key ring from the repository, not from the writer's memory.
        var peer = await CreatePeerRepositoryAsync();
        using var reader = DataProtection(peer);
        var plaintext = reader.GetRequiredService<IDataProtectionProvider>().CreateProtector("contract").Unprotect(ciphertext);

        Assert.Equal("secret ✓", plaintext);
        Assert.NotEmpty(peer.GetAllElements());
    }

    /// <summary>
    /// Another instance over the same key ring (another replica). The embedded repository lives in
    /// one process, so the default is the same instance; a Redis suite returns a new repository.
    /// </summary>
    protected virtual Task<IXmlRepository> CreatePeerRepositoryAsync() => Task.FromResult(Repository);

    protected abstract Task<IXmlRepository> CreateRepositoryAsync();

    /// <summary>
    /// Compares the serialised XML: a stored element parsed back carries its namespace as an
    /// explicit xmlns attribute, which <see cref="XNode.DeepEquals"/> counts but XML does not.
    /// </summary>
    private static void AssertSameXml(XElement expected, XElement actual) =>
        Assert.Equal(expected.ToString(SaveOptions.DisableFormatting), actual.ToString(SaveOptions.DisableFormatting));

    private static ServiceProvider DataProtection(IXmlRepository repository)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("latchkey-store-contract");
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = repository);
        return services.BuildServiceProvider();
    }
}
