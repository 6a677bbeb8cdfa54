using System.Globalization;
using System.Text;
using Latchkey.Rules;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Latchkey.Tests.Rules;

/// <summary>
/// Seeded property test over arbitrary byte paths: if the canonicaliser and rules allow a target,
/// the bytes forwarded upstream decode to exactly the path the rules matched and no lenient
/// reading of them leaves the allowed subtree; otherwise nothing would be forwarded.
/// Longer runs: LATCHKEY_FUZZ_CASES=2000000 LATCHKEY_FUZZ_SEED=random (see docs/security.md).
/// </summary>
public sealed class CanonicalizerFuzzTests
{
    private const int DefaultCases = 30_000;

    private static readonly RuleSet Rules = RuleSet.Compile(
    [
        new RuleDefinition { Id = "me.read", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/{**rest}" },
        new RuleDefinition { Id = "me.settings.deny", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/settings/{**rest}", Action = RuleAction.Deny },
    ]);

    private static readonly HashSet<string> NoScopes = [];

    private readonly ITestOutputHelper _output;

    public CanonicalizerFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Allowed_targets_forward_exactly_the_matched_path_and_nothing_else_is_forwarded()
    {
        var seed = FuzzTargetGenerator.SeedFromEnvironment();
        var cases = FuzzTargetGenerator.CasesFromEnvironment(DefaultCases);
        var generator = new FuzzTargetGenerator(seed);
        var failures = new List<string>();
        int accepted = 0, allowed = 0;
        for (var i = 0; i < cases && failures.Count < 20; i++)
        {
            var target = generator.Next();
            var result = RequestTargetCanonicalizer.Canonicalize(target);
            if (!result.IsSuccess)
            {
                continue;
            }

            accepted++;
            var failure = CheckAccepted(target, result, ref allowed);
            if (failure is not null)
            {
                failures.Add($"case {i}: {Printable(target)}: {failure}");
            }
        }

        _output.WriteLine($"seed {seed}: {cases} cases, {accepted} accepted, {allowed} allowed, {failures.Count} failures");
        Assert.True(failures.Count == 0, $"seed {seed} ({FuzzTargetGenerator.SeedVariable}={seed} reproduces):\n" + string.Join('\n', failures));
        Assert.True(accepted > cases / 100 && allowed > cases / 200, $"seed {seed}: too few accepted ({accepted}) or allowed ({allowed}) cases to mean anything");
    }

    [Fact]
    public void The_same_seed_generates_the_same_targets()
    {
        var first = new FuzzTargetGenerator(7);
        var second = new FuzzTargetGenerator(7);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(first.Next(), second.Next());
        }
    }

    [Theory]
    [InlineData("/gmail/v1/users/me/messages/..%2fsettings", "/gmail/v1/users/me/settings")]
    [InlineData("/gmail/v1/users/me/x/..\\settings.;a=b", "/gmail/v1/users/me/settings")]
    [InlineData("/gmail/v1/users/me//x/%252e%252e/SETTINGS", "/gmail/v1/users/me/settings")]
    public void Lenient_readings_resolve_what_a_sloppy_upstream_would(string forwarded, string expected)
    {
        Assert.Contains(expected, LenientUpstreamReadings.Of(forwarded));
    }

    private static string? CheckAccepted(string target, CanonicalTarget result, ref int allowed)
    {
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? target : target[..queryStart];
        if (StrictDecode(rawPath) is not { } meaning || meaning != result.Path)
        {
            return $"matched {Printable(result.Path)} but the raw bytes mean {Printable(StrictDecode(rawPath) ?? "<invalid>")}";
        }

        if (!RequestTargetCanonicalizer.TrySplitProvider(result.Path, out var provider, out var upstreamPath))
        {
            return null;
        }

        var forwarded = new PathString(upstreamPath).ToUriComponent();
        if (Uri.UnescapeDataString(forwarded) != upstreamPath)
        {
            return $"forwarded {Printable(forwarded)} does not decode to the matched {Printable(upstreamPath)}";
        }

        var again = RequestTargetCanonicalizer.Canonicalize(new PathString("/" + provider).ToUriComponent() + forwarded);
        if (!again.IsSuccess || !RequestTargetCanonicalizer.TrySplitProvider(again.Path, out _, out var upstreamAgain) || upstreamAgain != upstreamPath)
        {
            return $"forwarded {Printable(forwarded)} is not itself canonical ({again.Rejection})";
        }

        if (Rules.Decide(provider, "GET", upstreamPath, NoScopes).Outcome != RuleOutcome.Allowed)
        {
            return null;
        }

        allowed++;
        foreach (var reading in LenientUpstreamReadings.Of(forwarded))
        {
            if (!StaysInsideAllowedSubtree(reading))
            {
                return $"allowed {Printable(upstreamPath)}, but an upstream could read {Printable(forwarded)} as {Printable(reading)}";
            }
        }

        return null;
    }

    /// <summary>Under /gmail/v1/users/me and not under its denied settings subtree, compared case-insensitively.</summary>
    private static bool StaysInsideAllowedSubtree(string reading)
    {
        var segments = reading.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string[] prefix = ["gmail", "v1", "users", "me"];
        if (segments.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (!segments[i].Equals(prefix[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return segments.Length == prefix.Length || !segments[prefix.Length].Trim().Equals("settings", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An independent reading of the raw path: percent-escapes as strict UTF-8, everything else as is.</summary>
    private static string? StrictDecode(string rawPath)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < rawPath.Length; i++)
        {
            if (rawPath[i] == '%' && i + 2 < rawPath.Length
                && byte.TryParse(rawPath.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                bytes.Add(value);
                i += 2;
            }
            else
            {
                bytes.Add((byte)rawPath[i]);
            }
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Printable(string text) =>
        System.Text.Json.JsonSerializer.Serialize(text.Length > 120 ? text[..120] + "..." : text);
}
