using Latchkey.Config;
using Latchkey.Providers;
using Latchkey.Rules;

namespace Latchkey.Tests.Config;

public sealed class ConfigSnapshotTests
{
    private static readonly RuleDefinition ReadMail = new()
    {
        Id = "read-mail",
        Provider = "mail",
        Methods = ["GET"],
        Path = "/messages/{id}",
        Action = RuleAction.Allow,
    };

    [Fact]
    public void Rules_are_compiled_once_when_the_snapshot_is_built()
    {
        var snapshot = Snapshot(ReadMail);

        Assert.Same(snapshot.RuleSet, snapshot.RuleSet);
        Assert.Same(snapshot.Rules, snapshot.RuleSet.Rules);
        Assert.Equal("read-mail", snapshot.RuleSet.Decide("mail", "GET", "/messages/1", new HashSet<string>()).Rule?.Id);
    }

    [Fact]
    public void A_snapshot_derived_with_other_rules_gets_its_own_compiled_set()
    {
        var before = Snapshot(ReadMail);

        var after = before with { Rules = [] };

        Assert.NotSame(before.RuleSet, after.RuleSet);
        Assert.Null(after.RuleSet.Decide("mail", "GET", "/messages/1", new HashSet<string>()).Rule);
        Assert.Equal("read-mail", before.RuleSet.Decide("mail", "GET", "/messages/1", new HashSet<string>()).Rule?.Id);
    }

    private static ConfigSnapshot Snapshot(params RuleDefinition[] rules) => new()
    {
        Providers = new Dictionary<string, ProviderDefinition>
        {
            ["mail"] = new() { Name = "mail", Upstream = new Uri("https://mail.example.test/") },
        },
        Rules = rules,
        Version = "v1",
    };
}
