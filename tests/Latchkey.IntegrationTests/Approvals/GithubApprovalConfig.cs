namespace Latchkey.IntegrationTests.Approvals;

/// <summary>Two GitHub-like providers (two upstreams, two credentials) whose issue creation needs a human.</summary>
internal static class GithubApprovalConfig
{
    public const string Scope = "issues.write";

    public const string Providers = """
        providers:
          gh:
            upstream: "{upstream}"
            allow_private_network: true
            credential: user
          gh2:
            upstream: "{upstream}/other"
            allow_private_network: true
            credential: user
        """;

    public const string Rules = """
        rules:
          - id: gh.issues.create
            provider: gh
            methods: [POST]
            path: /repos/{owner}/{repo}/issues
            scopes: [issues.write]
            action: approve
          - id: gh2.issues.create
            provider: gh2
            methods: [POST]
            path: /repos/{owner}/{repo}/issues
            scopes: [issues.write]
            action: approve
        """;
}
