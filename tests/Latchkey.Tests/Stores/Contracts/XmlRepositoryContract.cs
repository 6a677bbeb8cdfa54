using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Latchkey.Tests.Stores.Contracts;

/// <summary>What every Data Protection key repository must do, run against each implementation.</summary>
public abstract class XmlRepositoryContract : IAsyncLifetime
{
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

    protected abstract Task<IXmlRepository> CreateRepositoryAsync();
}
