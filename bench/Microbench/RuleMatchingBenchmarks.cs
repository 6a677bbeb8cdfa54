using BenchmarkDotNet.Attributes;
using Latchkey.Rules;

namespace Latchkey.Microbench;

/// <summary>Time and allocations of deciding a canonical upstream path against a realistic rule set.</summary>
[MemoryDiagnoser]
public class RuleMatchingBenchmarks
{
    private static readonly HashSet<string> Scopes = new(StringComparer.Ordinal) { "email.read", "gh.issues" };

    private readonly RuleSet _rules = RuleSet.Compile(
    [
        new RuleDefinition { Id = "mail.send", Provider = "mail", Methods = ["POST"], Path = "/gmail/v1/users/me/messages/send", Scopes = ["email.send"] },
        new RuleDefinition { Id = "mail.read", Provider = "mail", Methods = ["GET", "HEAD"], Path = "/gmail/v1/users/me/{**rest}", Scopes = ["email.read"] },
        new RuleDefinition { Id = "mail.settings.deny", Provider = "mail", Methods = ["GET", "HEAD", "POST"], Path = "/gmail/v1/users/me/settings/{**rest}", Action = RuleAction.Deny },
        new RuleDefinition { Id = "mail.labels", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/labels/{id}", Scopes = ["email.read"] },
        new RuleDefinition { Id = "gh.issues", Provider = "github", Methods = ["GET", "POST"], Path = "/repos/{owner}/{repo}/issues/{**rest}", Scopes = ["gh.issues"] },
        new RuleDefinition { Id = "gh.settings.deny", Provider = "github", Methods = ["GET", "POST"], Path = "/repos/{owner}/{repo}/settings/{**rest}", Action = RuleAction.Deny },
        new RuleDefinition { Id = "gapi.batch", Provider = "github", Methods = ["GET"], Path = "/v1/projects/{project}:batchGet", Scopes = ["gh.issues"] },
    ]);

    [Benchmark(Baseline = true)]
    public RuleDecision AllowedCatchAll() => _rules.Decide("mail", "GET", "/gmail/v1/users/me/messages/18c0a3f2e9b1d4a7", Scopes);

    [Benchmark]
    public RuleDecision DeniedSubtree() => _rules.Decide("mail", "GET", "/gmail/v1/users/me/settings/filters", Scopes);

    [Benchmark]
    public RuleDecision AllowedWithParameters() => _rules.Decide("github", "GET", "/repos/acme/app/issues/42/comments", Scopes);

    [Benchmark]
    public RuleDecision ComplexSegment() => _rules.Decide("github", "GET", "/v1/projects/p-1:batchGet", Scopes);

    [Benchmark]
    public RuleDecision NoMatchingRule() => _rules.Decide("github", "GET", "/repos/acme/app/pulls/42", Scopes);
}
