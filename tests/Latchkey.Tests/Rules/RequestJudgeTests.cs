using Latchkey.Providers;
using Latchkey.Rules;

namespace Latchkey.Tests.Rules;

/// <summary>
/// <see cref="RequestJudge"/>: the data plane's order (TRACE/CONNECT, target, other methods,
/// provider, rules) and the one mapping of each answer to status and code.
/// </summary>
public sealed class RequestJudgeTests
{
    private const int Iterations = 1_000;

    private static readonly RuleSet Rules = RuleSet.Compile(
    [
        new RuleDefinition { Id = "read", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/{**rest}", Scopes = ["email.read"] },
        new RuleDefinition { Id = "deny", Provider = "mail", Methods = ["GET"], Path = "/gmail/v1/users/me/settings/{**rest}", Action = RuleAction.Deny },
        new RuleDefinition { Id = "delete", Provider = "mail", Methods = ["DELETE"], Path = "/gmail/v1/users/me/messages/{id}", Scopes = ["email.delete"], Action = RuleAction.Approve },
    ]);

    private static readonly Dictionary<string, ProviderDefinition> Providers = new(StringComparer.Ordinal)
    {
        ["mail"] = new ProviderDefinition { Name = "mail", Upstream = new Uri("https://gmail.example.test") },
    };

    private static readonly HashSet<string> Scopes = new(StringComparer.Ordinal) { "email.read" };

    [Theory]
    [InlineData("GET", "mail", "/gmail/v1/users/me/messages/1", VerdictKind.Allowed, 200, "allowed", "read")]
    [InlineData("GET", "mail", "/gmail/v1/users/me/settings/x", VerdictKind.Denied, 403, "route_denied", "deny")]
    [InlineData("PUT", "mail", "/gmail/v1/users/me/messages/1", VerdictKind.NoMatchingRule, 403, "route_denied", null)]
    [InlineData("DELETE", "mail", "/gmail/v1/users/me/messages/1", VerdictKind.InsufficientScope, 403, "insufficient_scope", "delete")]
    [InlineData("GET", "mail", "/gmail/v1/users/me/%2e%2e/settings", VerdictKind.AmbiguousPath, 400, "ambiguous_path", null)]
    [InlineData("GET", "nosuch", "/gmail/v1/users/me/messages/1", VerdictKind.UnknownProvider, 404, "unknown_provider", null)]
    [InlineData("GET", "v1", "/sessions", VerdictKind.UnknownProvider, 404, "unknown_provider", null)]
    [InlineData("GET", "mail/gmail", "/v1/users/me/messages/1", VerdictKind.UnknownProvider, 404, "unknown_provider", null)]
    [InlineData("GET", "mail", "gmail/v1/users/me/messages/1", VerdictKind.AmbiguousPath, 400, "ambiguous_path", null)]
    [InlineData("PROPFIND", "mail", "/gmail/v1/users/me/messages/1", VerdictKind.MethodNotAllowed, 405, "method_not_allowed", null)]
    [InlineData("PROPFIND", "mail", "/gmail/v1/users/me/../settings", VerdictKind.AmbiguousPath, 400, "ambiguous_path", null)]
    [InlineData("PROPFIND", "nosuch", "/x", VerdictKind.MethodNotAllowed, 405, "method_not_allowed", null)]
    [InlineData("GET", "nosuch", "/a//b", VerdictKind.AmbiguousPath, 400, "ambiguous_path", null)]
    [InlineData("TRACE", "mail", "/gmail/v1/users/me/../settings", VerdictKind.MethodNotAllowed, 405, "method_not_allowed", null)]
    [InlineData("CONNECT", "mail", "/a//b", VerdictKind.MethodNotAllowed, 405, "method_not_allowed", null)]
    public void Request_is_judged_in_the_data_planes_order(
        string method, string provider, string path, VerdictKind kind, int status, string code, string? rule)
    {
        var verdict = RequestJudge.Judge(Rules, Providers, provider, method, path, Scopes);

        Assert.Equal((kind, status, code, rule), (verdict.Kind, verdict.Status, verdict.Code, verdict.RuleId));
    }

    [Fact]
    public void Missing_scopes_are_named_and_a_refusal_never_echoes_the_request()
    {
        var scoped = RequestJudge.Judge(Rules, Providers, "mail", "DELETE", "/gmail/v1/users/me/messages/secret-id", Scopes);
        var ambiguous = RequestJudge.Judge(Rules, Providers, "mail", "GET", "/gmail/v1/users/me/secret%2Fid", Scopes);

        Assert.Equal(["email.delete"], scoped.RequiredScopes);
        Assert.DoesNotContain("secret", scoped.Message, StringComparison.Ordinal);
        Assert.Equal(PathRejection.EncodedSlash, ambiguous.Rejection);
        Assert.DoesNotContain("secret", ambiguous.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judging_an_allowed_request_on_the_hot_path_allocates_nothing()
    {
        const string Target = "/mail/gmail/v1/users/me/messages/17?q=x";
        var path = Target[..Target.IndexOf('?', StringComparison.Ordinal)];
        var query = Target[Target.IndexOf('?', StringComparison.Ordinal)..];

        var allocated = AllocationMeter.AllocatedBy(
            () =>
            {
                RequestJudge.TryAcceptTarget("GET", Target, path, query, out _, out _);
                RequestJudge.TryAcceptMethod("GET", out _);
                return RequestJudge.OfRules(Rules, "mail", "GET", "/gmail/v1/users/me/messages/17", Scopes).Code;
            },
            Iterations);

        Assert.Equal(0, allocated);
    }
}
