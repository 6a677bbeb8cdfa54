using Latchkey.DataPlane;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.DataPlane;

public sealed class ProviderHostMatcherTests
{
    public static TheoryData<string, string?, string?> Hosts() => new()
    {
        // host, base it falls under (null: path addressing), provider (null: names none)
        { "mail.latchkey.internal", "latchkey.internal", "mail" },
        { "MAIL.LatchKey.INTERNAL", "latchkey.internal", "mail" },
        { "mail.latchkey.internal:8443", "latchkey.internal", "mail" },
        { "mail.latchkey.internal.", "latchkey.internal", "mail" },
        { "mail.latchkey.internal.:8443", "latchkey.internal", "mail" },
        { "github-enterprise.eu.example", "eu.example", "github-enterprise" },
        { "a.mail.latchkey.internal", "latchkey.internal", null },
        { "-mail.latchkey.internal", "latchkey.internal", null },
        { "mail-.latchkey.internal", "latchkey.internal", null },
        { "mail_x.latchkey.internal", "latchkey.internal", null },
        { ".latchkey.internal", "latchkey.internal", null },
        { "mail..latchkey.internal", "latchkey.internal", null },
        { new string('a', 64) + ".latchkey.internal", "latchkey.internal", null },
        { "latchkey.internal", null, null },
        { "latchkey.internal.", null, null },
        { "latchkey.internal:8443", null, null },
        { "evillatchkey.internal", null, null },
        { "mail.latchkey.internal.example", null, null },
        { "mail.latchkey.internal..", null, null },
        { "127.0.0.1:8080", null, null },
        { "[::1]:8080", null, null },
        { "", null, null },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void A_host_names_a_provider_only_as_one_label_under_a_base(string host, string? baseDomain, string? provider)
    {
        var match = Matcher("latchkey.internal", "eu.example").Match(new HostString(host));

        Assert.Equal(baseDomain, match.BaseDomain);
        Assert.Equal(provider, match.Provider);
        Assert.Equal(baseDomain is not null, match.IsProviderHost);
    }

    [Fact]
    public void Without_base_domains_no_host_is_a_provider_host()
    {
        var matcher = Matcher();

        Assert.False(matcher.IsEnabled);
        Assert.False(matcher.Match(new HostString("mail.latchkey.internal")).IsProviderHost);
    }

    private static ProviderHostMatcher Matcher(params string[] bases) =>
        new(Options.Create(new ProviderHostOptions { BaseDomains = bases }));
}
