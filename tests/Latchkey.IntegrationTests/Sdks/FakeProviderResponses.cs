using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.IntegrationTests.Sdks;

/// <summary>The bodies <see cref="FakeProviders"/> answers with, in each provider's documented shape.</summary>
public static class FakeProviderResponses
{
    public const string OpenAiCompletion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-test","system_fingerprint":null,
         "choices":[{"index":0,"message":{"role":"assistant","content":"pong","refusal":null},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
        """;

    public const string AnthropicMessage = """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[{"type":"text","text":"pong"}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}
        """;

    /// <summary>OpenAI chat completion chunks: the first one, then the rest and <c>[DONE]</c>.</summary>
    public static (string First, string Then) OpenAiStream { get; } = (
        OpenAiChunk("""{"role":"assistant","content":"first"}""", "null"),
        OpenAiChunk("""{"content":" second"}""", "null") + OpenAiChunk("{}", "\"stop\"") + "data: [DONE]\n\n");

    /// <summary>Anthropic message events up to the first text delta, then the rest.</summary>
    public static (string First, string Then) AnthropicStream { get; } = (
        AnthropicEvent("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0}}}""")
        + AnthropicEvent("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""")
        + AnthropicEvent("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"first"}}"""),
        AnthropicEvent("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" second"}}""")
        + AnthropicEvent("content_block_stop", """{"type":"content_block_stop","index":0}""")
        + AnthropicEvent("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}""")
        + AnthropicEvent("message_stop", """{"type":"message_stop"}"""));

    /// <summary>Two issues per page, numbered from the page.</summary>
    public static string GithubIssues(int page) => JsonSerializer.Serialize(
        Enumerable.Range((page * 2) - 1, 2).Select(n => new Dictionary<string, object?>
        {
            ["id"] = 1000 + n,
            ["number"] = n,
            ["title"] = $"issue {n}",
            ["state"] = "open",
            ["url"] = $"https://api.github.example/repos/octo/hello/issues/{n}",
            ["html_url"] = $"https://github.example/octo/hello/issues/{n}",
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["updated_at"] = "2026-01-01T00:00:00Z",
            ["comments"] = 0,
            ["locked"] = false,
        }));

    /// <summary><c>conversations.list</c> over three cursor pages, <c>chat.postMessage</c>, else an unknown method.</summary>
    public static string Slack(string path, string formBody)
    {
        if (path.EndsWith("/conversations.list", StringComparison.Ordinal))
        {
            var cursor = QueryHelpers.ParseQuery("?" + formBody).TryGetValue("cursor", out var c) ? c.ToString() : string.Empty;
            var page = cursor switch { "cursor-2" => 2, "cursor-3" => 3, _ => 1 };
            var next = page < 3 ? $"cursor-{page + 1}" : string.Empty;
            return $$$"""{"ok":true,"channels":[{"id":"C{{{page}}}","name":"channel-{{{page}}}"}],"response_metadata":{"next_cursor":"{{{next}}}"}}""";
        }

        return path.EndsWith("/chat.postMessage", StringComparison.Ordinal)
            ? """{"ok":true,"channel":"C1","ts":"1700000000.000100","message":{"type":"message","text":"hello"}}"""
            : """{"ok":false,"error":"unknown_method"}""";
    }

    /// <summary><c>users.messages.list</c>: two pages joined by <c>nextPageToken</c>.</summary>
    public static string GmailMessages(string pageToken) => pageToken == "page-2"
        ? """{"messages":[{"id":"m2","threadId":"t2"}],"resultSizeEstimate":2}"""
        : """{"messages":[{"id":"m1","threadId":"t1"}],"nextPageToken":"page-2","resultSizeEstimate":2}""";

    /// <summary>What the provider answers a request without its credential, in its own shape.</summary>
    public static string Unauthorized(string provider) => provider switch
    {
        "openai" => """{"error":{"message":"fake: bad key","type":"invalid_request_error","code":"invalid_api_key"}}""",
        "anthropic" => """{"type":"error","error":{"type":"authentication_error","message":"fake: bad key"}}""",
        "slack" => """{"ok":false,"error":"invalid_auth"}""",
        _ => """{"message":"fake: bad credentials"}""",
    };

    private static string OpenAiChunk(string delta, string finishReason) =>
        $$$"""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test","choices":[{"index":0,"delta":{{{delta}}},"logprobs":null,"finish_reason":{{{finishReason}}}}]}""" + "\n\n";

    private static string AnthropicEvent(string name, string data) => $"event: {name}\ndata: {data}\n\n";
}
