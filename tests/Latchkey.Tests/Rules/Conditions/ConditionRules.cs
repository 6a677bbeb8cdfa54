using System.Text;
using Latchkey.Config;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Latchkey.Tests.Config;
using Microsoft.AspNetCore.Http;

namespace Latchkey.Tests.Rules.Conditions;

/// <summary>Rule sets with conditions, loaded from rules.yaml text as the proxy loads them, and requests to judge.</summary>
internal static class ConditionRules
{
    public const string Providers = """
        providers:
          slack:
            upstream: https://slack.com
          github:
            upstream: https://api.github.com
          graph:
            upstream: https://graph.microsoft.com
        """;

    /// <summary>The worked examples of docs/rules-conditions.md (Slack and Graph mail).</summary>
    public const string Examples = """
        rules:
          - id: slack.post.allowed-channels
            provider: slack
            methods: [POST]
            path: /api/chat.postMessage
            when:
              - body: /channel
                in: [C0123ENG, C0456OPS]
              - query: channel
                exists: false
              - body: /text
                max_length: 4000
            action: allow
          - id: slack.post.no-broadcast
            provider: slack
            methods: [POST]
            path: /api/chat.postMessage
            when:
              - body: /text
                matches: '(?s).*<!(channel|everyone|here)[|>].*'
            action: deny
          - id: mail.send.company-only
            provider: graph
            methods: [POST]
            path: /v1.0/me/sendMail
            when:
              - body: /message/toRecipients
                exists: true
              - body: /message/toRecipients
                all_of:
                  - at: /emailAddress/address
                    ends_with: "@example.com"
                    ignore_case: true
              - body: /message/ccRecipients
                all_of:
                  - at: /emailAddress/address
                    ends_with: "@example.com"
                    ignore_case: true
              - body: /message/bccRecipients
                all_of:
                  - at: /emailAddress/address
                    ends_with: "@example.com"
                    ignore_case: true
            action: allow
          - id: gh.issues.own-org
            provider: github
            methods: [POST]
            path: /repos/{owner}/{repo}/issues
            when:
              - path: owner
                equals: acme
              - header: X-GitHub-Api-Version
                in: ["2022-11-28"]
            action: allow
          - id: gh.issues.labelled
            provider: github
            methods: [POST]
            path: /repos/{owner}/{repo}/issues
            when:
              - path: owner
                equals: acme
              - body: /labels
                exists: true
              - body: /labels
                all_of:
                  - matches: '(bug|docs|agent)'
            action: approve
          - id: gh.contents
            provider: github
            methods: [GET]
            path: /repos/{owner}/{repo}/contents/{**file}
            when:
              - path: file
                matches: 'docs/.*\.md'
            action: allow
        """;

    public static (ConfigLoadResult Result, RuleSet? Rules) Load(string rules, string providers = Providers)
    {
        using var folder = new TempConfigFolder(providers, rules);
        var result = ConfigLoader.Load(folder.Path);
        return (result, result.Succeeded ? RuleSet.Compile(result.Snapshot!.Rules) : null);
    }

    public static RuleSet Compile(string rules, string providers = Providers)
    {
        var (result, set) = Load(rules, providers);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return set!;
    }

    public static RequestFacts Facts(
        string path, string? body = null, string query = "", string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        var inspected = body is null ? null : StrictJsonBody.Read(Encoding.UTF8.GetBytes(body), contentType, default);
        return new RequestFacts(path, query, dictionary, inspected);
    }
}
