using Latchkey.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Latchkey.IntegrationTests.Security;

/// <summary>
/// Runs every bypass variant through the real server against rules that allow a neighbour of a
/// denied subtree, with a recording upstream: nothing may be forwarded.
/// </summary>
public sealed class BypassCorpusTests : IAsyncLifetime
{
    private const string Rules = """
        rules:
          - id: mail.messages
            provider: mail
            methods: [GET, POST, DELETE]
            path: /gmail/v1/users/me/messages/{**rest}
          - id: mail.settings.deny
            provider: mail
            methods: [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS]
            path: /gmail/v1/users/me/settings/{**rest}
            action: deny
        """;

    private readonly ITestOutputHelper _output;
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public BypassCorpusTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules, withSeq: false);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.bypass");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task No_bypass_variant_is_forwarded()
    {
        var variants = BypassVariants.All().Distinct(StringComparer.Ordinal).ToList();
        var forwarded = new List<string>();
        foreach (var target in variants)
        {
            _host.Upstream.Reset();
            var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", target, "Bearer " + _session.Token);
            if (_host.Upstream.Received.Count > 0 || response.Status is >= 200 and < 400)
            {
                forwarded.Add($"{target} -> {response.Status}, upstream saw {_host.Upstream.Received.Count}");
            }
        }

        _output.WriteLine($"{variants.Count} variants, {forwarded.Count} forwarded");
        Assert.True(variants.Count >= 100, $"only {variants.Count} variants");
        Assert.True(forwarded.Count == 0, "forwarded:\n" + string.Join('\n', forwarded));
    }

    [Fact]
    public async Task The_allowed_neighbour_itself_is_forwarded()
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", "/mail/gmail/v1/users/me/messages/17", "Bearer " + _session.Token);

        Assert.Equal(200, response.Status);
        Assert.Equal("/gmail/v1/users/me/messages/17", Assert.Single(_host.Upstream.Received).RequestMessage.AbsolutePath);
    }

    [Fact]
    public async Task Method_override_headers_cannot_turn_a_get_into_a_delete()
    {
        var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", "/mail/gmail/v1/users/me/messages/17", "Bearer " + _session.Token,
            ["X-HTTP-Method-Override: DELETE", "X-HTTP-Method: DELETE", "X-Method-Override: DELETE"]);

        Assert.Equal(200, response.Status);
        var received = Assert.Single(_host.Upstream.Received).RequestMessage;
        Assert.Equal("GET", received.Method);
        Assert.DoesNotContain(received.Headers!.Keys, k => k.Contains("Override", StringComparison.OrdinalIgnoreCase) || k.Equals("X-HTTP-Method", StringComparison.OrdinalIgnoreCase));
    }
}
