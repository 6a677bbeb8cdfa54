using Latchkey.Rules;

namespace Latchkey.Tests.Rules;

/// <summary>
/// Regression guard for the hot path: canonicalising a common target and deciding it against the
/// rules allocate nothing (bench/Microbench measures the same with BenchmarkDotNet).
/// </summary>
public sealed class CanonicalizerAllocationTests
{
    private const int Iterations = 1_000;

    private static readonly RuleSet Rules = RuleSet.Compile(
    [
        new RuleDefinition { Id = "read", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/messages/{**rest}", Scopes = ["email.read"] },
        new RuleDefinition { Id = "deny", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/settings.{ext?}/{**rest}", Action = RuleAction.Deny },
        new RuleDefinition { Id = "merge", Provider = "mail", Methods = ["GET"], Path = "/repos/{owner}/{repo}/merges/{**rest}", Scopes = ["email.read"], Action = RuleAction.Approve },
        new RuleDefinition { Id = "batch", Provider = "mail", Methods = ["GET"], Path = "/v1/projects/{project}:batchGet", Scopes = ["email.read"] },
        new RuleDefinition { Id = "issue", Provider = "mail", Methods = ["GET"], Path = "/repos/{owner}/{repo}/issues/{number}", Scopes = ["email.read"] },
    ]);

    private static readonly HashSet<string> Scopes = new(StringComparer.Ordinal) { "email.read" };

    [Theory]
    [InlineData("/mail/gmail/v1/users/me/messages/17")]
    [InlineData("/mail/repos/acme/app/issues/42")]
    [InlineData("/mail/v1/projects/p-1:batchGet")]
    public void Canonicalizing_a_plain_target_allocates_nothing(string target)
    {
        Assert.Equal(0, AllocationMeter.AllocatedBy(() => RequestTargetCanonicalizer.Canonicalize(target), Iterations));
    }

    [Fact]
    public void Canonicalizing_a_target_with_a_query_reuses_the_hosts_strings_and_allocates_nothing()
    {
        const string Target = "/mail/gmail/v1/users/me/messages?q=from%3Abob+subject%3Ahi&pageToken=abc&_fields=id";
        var path = Target[..Target.IndexOf('?', StringComparison.Ordinal)];
        var query = Target[Target.IndexOf('?', StringComparison.Ordinal)..];

        var result = RequestTargetCanonicalizer.Canonicalize(Target, path, query);

        Assert.Same(path, result.Path);
        Assert.Same(query, result.Query);
        Assert.Equal(0, AllocationMeter.AllocatedBy(() => RequestTargetCanonicalizer.Canonicalize(Target, path, query), Iterations));
    }

    [Fact]
    public void An_escaped_target_reuses_the_hosts_decoded_path()
    {
        const string Target = "/mail/gmail/v1/users/me/me%73sages/caf%C3%A9";
        const string Decoded = "/mail/gmail/v1/users/me/messages/café";

        var result = RequestTargetCanonicalizer.Canonicalize(Target, Decoded, null);

        Assert.Same(Decoded, result.Path);
        Assert.Equal(0, AllocationMeter.AllocatedBy(() => RequestTargetCanonicalizer.Canonicalize(Target, Decoded, null), Iterations));
    }

    [Theory]
    [InlineData("/gmail/v1/users/me/messages/17", RuleOutcome.Allowed)]
    [InlineData("/gmail/v1/users/me/settings/filters", RuleOutcome.Denied)]
    [InlineData("/gmail/v1/users/me/Settings.json", RuleOutcome.Denied)]
    [InlineData("/repos/acme/app/merges", RuleOutcome.ApprovalRequired)]
    [InlineData("/v1/projects/p-1:batchGet", RuleOutcome.Allowed)]
    [InlineData("/repos/acme/app/issues/42", RuleOutcome.Allowed)]
    [InlineData("/repos/acme/app/pulls/42", RuleOutcome.NoMatchingRule)]
    public void Deciding_allocates_nothing(string upstreamPath, RuleOutcome expected)
    {
        Assert.Equal(expected, Rules.Decide("mail", "GET", upstreamPath, Scopes).Outcome);
        Assert.Equal(0, AllocationMeter.AllocatedBy(() => Rules.Decide("mail", "GET", upstreamPath, Scopes), Iterations));
    }
}
