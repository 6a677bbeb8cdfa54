using System.Net;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Rules;

/// <summary>
/// A deny written <c>settings.{ext?}/{**rest}</c> refuses <c>settings.json</c> as well as
/// <c>settings/...</c>, through the proxy, while its allowed neighbours are still forwarded.
/// </summary>
public sealed class ExtensionDenyTests : IAsyncLifetime
{
    private const string Rules = """
        rules:
          - id: mail.all
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/{**rest}
            scopes: [email.read]
            action: allow
          - id: mail.settings.deny
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/settings.{ext?}/{**rest}
            action: deny
        """;

    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules, withSeq: false);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot", "email.read");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.extension");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/mail/gmail/v1/users/me/settings")]
    [InlineData("/mail/gmail/v1/users/me/settings/filters")]
    [InlineData("/mail/gmail/v1/users/me/settings.json")]
    [InlineData("/mail/gmail/v1/users/me/Settings.JSON")]
    [InlineData("/mail/gmail/v1/users/me/settings.json/filters")]
    public async Task Settings_with_or_without_an_extension_is_denied_and_never_forwarded(string path)
    {
        using var response = await _host.SendAsync(HttpMethod.Get, path, _session.Token);

        var body = await ErrorAssert.IsErrorAsync(response, 403, "route_denied");
        Assert.Equal("mail.settings.deny", body.GetProperty("rule").GetString());
        Assert.Empty(_host.Upstream.Received);
    }

    [Theory]
    [InlineData("/mail/gmail/v1/users/me/settingsjson")]
    [InlineData("/mail/gmail/v1/users/me/profile.json")]
    public async Task Neighbours_without_the_denied_name_are_forwarded(string path)
    {
        using var response = await _host.SendAsync(HttpMethod.Get, path, _session.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Upstream.Received);
    }
}
