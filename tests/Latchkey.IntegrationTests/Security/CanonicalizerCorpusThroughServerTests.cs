using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Tests.Rules;
using Xunit.Abstractions;

namespace Latchkey.IntegrationTests.Security;

/// <summary>
/// Sends every refused case of the canonicaliser corpus (tests/Latchkey.Tests/Rules/adversarial-paths.txt)
/// to the real server behind a rule that allows everything: each must be refused and none forwarded.
/// </summary>
public sealed class CanonicalizerCorpusThroughServerTests : IAsyncLifetime
{
    private const string AllowEverything = """
        rules:
          - id: everything
            provider: mail
            methods: [GET]
            path: /{**rest}
            action: allow
        """;

    private readonly ITestOutputHelper _output;
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public CanonicalizerCorpusThroughServerTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, AllowEverything, withSeq: false);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.corpus");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_refused_corpus_case_is_answered_400_and_reaches_no_upstream()
    {
        // A raw space ends the request-target on the wire, so the server never sees what follows it
        // (the bypass corpus covers spaces as request-line bytes); those cases stay in-process only.
        var refused = AdversarialPathCorpus.Cases
            .Where(c => !c.Expected.StartsWith("OK:", StringComparison.Ordinal) && !c.Target.Contains(' ', StringComparison.Ordinal))
            .ToList();
        var failures = new List<string>();
        foreach (var (target, expected) in refused)
        {
            _host.Upstream.Reset();
            // Raw non-ASCII text in the corpus means its UTF-8 bytes on the wire; \xNN escapes are single bytes.
            var encoding = target.Any(c => c > '\xff') ? Encoding.UTF8 : Encoding.Latin1;
            var request = encoding.GetBytes(
                $"GET {target} HTTP/1.1\r\nHost: {_host.BaseAddress.Authority}\r\nAuthorization: Bearer {_session.Token}\r\nConnection: close\r\n\r\n");
            var response = await RawHttp.SendRawAsync(_host.BaseAddress, request);

            // Kestrel refuses some targets before Latchkey sees them, with an empty 400 (raw controls,
            // spaces), 405 (asterisk/authority form) or 414 (too long); everything that reaches
            // Latchkey gets the contract's 400 ambiguous_path.
            var ours = response.Status == 400 && response.Body.Contains("ambiguous_path", StringComparison.Ordinal);
            var kestrels = response.Status is 400 or 405 or 414 && response.Body.Length == 0;
            if (!(ours || kestrels) || _host.Upstream.Received.Count > 0)
            {
                failures.Add($"{Printable(target)} ({expected}) -> {response.Status}, upstream saw {_host.Upstream.Received.Count}");
            }
        }

        _output.WriteLine($"{refused.Count} variants, {failures.Count} forwarded or misanswered");
        Assert.True(refused.Count >= 150, $"only {refused.Count} refused cases in the corpus");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Every_accepted_corpus_case_reaches_the_upstream_as_its_canonical_path()
    {
        var accepted = AdversarialPathCorpus.Cases
            .Where(c => c.Expected.StartsWith("OK:/mail/", StringComparison.Ordinal))
            .ToList();
        foreach (var (target, expected) in accepted)
        {
            _host.Upstream.Reset();
            var response = await RawHttp.SendAsync(_host.BaseAddress, "GET", target, "Bearer " + _session.Token);

            Assert.True(response.Status == 200, $"{target} -> {response.Status}: {response.Body}");
            var received = Assert.Single(_host.Upstream.Received).RequestMessage;
            Assert.Equal(expected["OK:/mail".Length..], Uri.UnescapeDataString(new Uri(received.Url).AbsolutePath));
        }
    }

    private static string Printable(string text) => JsonSerializer.Serialize(text.Length > 80 ? text[..80] + "..." : text);
}
