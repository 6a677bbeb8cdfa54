using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Mcp;

/// <summary>
/// rules.yaml and tools.yaml for the MCP suite. The tools are the shipped packs
/// (config/tools/github.yaml, gmail.yaml, slack.yaml) joined into one file, as a user would
/// copy them; the providers are the SDK suite's (<see cref="Sdks.SdkConfigs.Providers"/>).
/// </summary>
public static class McpConfigs
{
    public static readonly string[] Packs = ["github.yaml", "gmail.yaml", "slack.yaml"];

    // No rule names the comments route: github_comment_on_issue is never listed, and a call is
    // refused 403 route_denied by the data plane like a REST request.
    public const string Rules = """
        rules:
          - id: github.issues.list
            provider: github
            methods: [GET]
            path: /repos/{owner}/{repo}/issues
            scopes: [github.read]
            action: allow
          - id: github.issues.create
            provider: github
            methods: [POST]
            path: /repos/{owner}/{repo}/issues
            scopes: [github.write]
            action: approve
          - id: slack.channels
            provider: slack
            methods: [GET]
            path: /conversations.list
            scopes: [slack.read]
            action: allow
          - id: slack.post
            provider: slack
            methods: [POST]
            path: /chat.postMessage
            scopes: [slack.write]
            action: allow
          - id: mail.list
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages
            scopes: [email.read]
            action: allow
          - id: mail.read
            provider: mail
            methods: [GET]
            path: /gmail/v1/users/me/messages/{id}
            scopes: [email.read]
            action: allow
          - id: mail.send
            provider: mail
            methods: [POST]
            path: /gmail/v1/users/me/messages/send
            scopes: [email.send]
            action: allow
        """;

    public static readonly string[] Scopes = ["github.read", "github.write", "slack.read", "slack.write", "email.read", "email.send"];

    /// <summary>Every tool the rules can grant: all of the packs' but github_comment_on_issue.</summary>
    public static readonly string[] GrantedTools =
    [
        "github_list_issues", "github_create_issue", "gmail_list_messages", "gmail_read_message", "gmail_send_message",
        "slack_post_message", "slack_list_channels",
    ];

    /// <summary>The packs joined under one <c>tools:</c> key.</summary>
    public static string Tools() => "tools:\n" + string.Join("\n", Packs.Select(pack =>
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "config", "tools", pack));
        return text[(text.IndexOf("\ntools:\n", StringComparison.Ordinal) + "\ntools:\n".Length)..];
    }));
}
