using System.Globalization;
using System.Text;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using Latchkey.Rules;
using Latchkey.Tests.Rules;
using Xunit.Abstractions;

namespace Latchkey.IntegrationTests.Security;

/// <summary>
/// The canonicaliser fuzz invariant through the real server: a seeded random target reaches the
/// upstream if and only if canonicalisation and the rules allow it, and then as exactly the
/// matched path. LATCHKEY_FUZZ_SERVER_CASES and LATCHKEY_FUZZ_SEED lengthen or vary the run.
/// </summary>
public sealed class CanonicalizerFuzzThroughServerTests : IAsyncLifetime
{
    private const string CasesVariable = "LATCHKEY_FUZZ_SERVER_CASES";
    private const int DefaultCases = 400;

    private const string RulesYaml = """
        rules:
          - id: me.read
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/{**rest}
            action: allow
          - id: me.settings.deny
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/settings/{**rest}
            action: deny
        """;

    private static readonly RuleSet Rules = RuleSet.Compile(
    [
        new RuleDefinition { Id = "me.read", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/{**rest}" },
        new RuleDefinition { Id = "me.settings.deny", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/settings/{**rest}", Action = RuleAction.Deny },
    ]);

    private readonly ITestOutputHelper _output;
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public CanonicalizerFuzzThroughServerTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, RulesYaml, withSeq: false);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.fuzz");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_random_target_is_forwarded_exactly_when_allowed_and_as_the_matched_path()
    {
        var seed = FuzzTargetGenerator.SeedFromEnvironment();
        var cases = int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultCases;
        var generator = new FuzzTargetGenerator(seed);
        var failures = new List<string>();
        var forwardedCount = 0;
        var rateLimited = 0;
        for (var i = 0; i < cases && failures.Count < 20; i++)
        {
            var target = generator.Next();
            var expectedPath = AllowedUpstreamPath(target);
            _host.Upstream.Reset();
            var request = Encoding.Latin1.GetBytes(
                $"GET {target} HTTP/1.1\r\nHost: {_host.BaseAddress.Authority}\r\nAuthorization: Bearer {_session.Token}\r\nConnection: close\r\n\r\n");
            var response = await RawHttp.SendRawAsync(_host.BaseAddress, request);
            var received = _host.Upstream.Received;
            forwardedCount += received.Count;
            if (expectedPath is null && (received.Count > 0 || response.Status is >= 200 and < 400))
            {
                failures.Add($"case {i}: {Printable(target)} must not be forwarded, got {response.Status}, upstream saw {received.Count}");
            }
            else if (expectedPath is not null && received.Count == 0 && response.Status == 429)
            {
                // Long runs exceed the session's rate limit; a throttled request forwards nothing, which is safe.
                rateLimited++;
            }
            else if (expectedPath is not null && received.Count != 1)
            {
                failures.Add($"case {i}: {Printable(target)} is allowed as {Printable(expectedPath)} but got {response.Status}, upstream saw {received.Count}");
            }
            else if (expectedPath is not null && Uri.UnescapeDataString(new Uri(received[0].RequestMessage.Url).AbsolutePath) != expectedPath)
            {
                failures.Add($"case {i}: {Printable(target)} matched {Printable(expectedPath)} but the upstream received {Printable(received[0].RequestMessage.Url)}");
            }
        }

        _output.WriteLine($"seed {seed}: {cases} cases through the server, {forwardedCount} forwarded, {rateLimited} rate-limited, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"seed {seed} ({FuzzTargetGenerator.SeedVariable}={seed} reproduces):\n" + string.Join('\n', failures));
        Assert.True(forwardedCount > 0, $"seed {seed}: nothing was forwarded, so the invariant was never exercised");
    }

    /// <summary>The upstream path the request may reach, or null when it must be refused.</summary>
    private static string? AllowedUpstreamPath(string target)
    {
        var result = RequestTargetCanonicalizer.Canonicalize(target);
        if (!result.IsSuccess || !RequestTargetCanonicalizer.TrySplitProvider(result.Path, out var provider, out var upstreamPath))
        {
            return null;
        }

        return Rules.Decide(provider, "GET", upstreamPath, new HashSet<string>()).Outcome == RuleOutcome.Allowed ? upstreamPath : null;
    }

    private static string Printable(string text) => JsonSerializer.Serialize(text.Length > 120 ? text[..120] + "..." : text);
}
