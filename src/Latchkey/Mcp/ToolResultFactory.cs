using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Config;
using Latchkey.Hosting;
using ModelContextProtocol.Protocol;

namespace Latchkey.Mcp;

/// <summary>
/// Turns how a tool call's data-plane request ended into the MCP result the model reads: the
/// projected answer; the provider's error status; or Latchkey's refusal with its code, and for
/// <c>approval_required</c> the approval id and how to retry, for <c>connection_required</c> the
/// link the user must open. Texts are fixed or come from Latchkey's own error body, never from
/// the arguments.
/// </summary>
internal static class ToolResultFactory
{
    private const int ProviderErrorChars = 2_048;

    public static CallToolResult Answer(ToolDefinition tool, ToolCallOutcome outcome, int maxResultChars)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status is < 200 or > 299)
        {
            return Error(
                $"The provider answered {outcome.Status.ToString(CultureInfo.InvariantCulture)}: {Cut(Encoding.UTF8.GetString(outcome.Body.Span), ProviderErrorChars)}",
                new JsonObject { ["error"] = "provider_error", ["status"] = outcome.Status, ["request_id"] = outcome.RequestId });
        }

        if (outcome.Truncated)
        {
            return Error(
                "The provider's answer is larger than this server keeps for one tool call (Latchkey:Mcp:MaxResponseBytes); ask for less (a smaller page, fewer fields).",
                new JsonObject { ["error"] = "response_too_large", ["request_id"] = outcome.RequestId });
        }

        if (outcome.Body.IsEmpty)
        {
            return new CallToolResult { Content = [new TextContentBlock { Text = $"Done: the provider answered {outcome.Status.ToString(CultureInfo.InvariantCulture)} with no content." }] };
        }

        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(outcome.Body.Span);
        }
        catch (JsonException)
        {
            return new CallToolResult { Content = [new TextContentBlock { Text = Cut(Encoding.UTF8.GetString(outcome.Body.Span), maxResultChars) }] };
        }

        var projected = ResponseProjector.Project(answer, tool.Response, out var dropped);
        // Serialized once: the text block and the structured content are the same JSON.
        var json = projected is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(projected, McpJsonContext.Default.JsonNode);
        var text = Encoding.UTF8.GetString(json);
        var result = new CallToolResult
        {
            Content = [new TextContentBlock { Text = Cut(text, maxResultChars) + (dropped > 0 ? $"\n({dropped} more items not shown)" : string.Empty) }],
        };
        if (projected is JsonObject && text.Length <= maxResultChars)
        {
            result.StructuredContent = JsonElement.Parse(json);
        }

        return result;
    }

    /// <summary>Latchkey refused or failed the request; <paramref name="error"/> is its body in Latchkey's shape.</summary>
    public static CallToolResult Refusal(ToolDefinition tool, string code, JsonObject? error, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var message = error?["message"]?.GetValue<string>() ?? "The request was refused.";
        var structured = new JsonObject { ["error"] = code, ["message"] = message, ["request_id"] = requestId };
        switch (code)
        {
            case ErrorCodes.ApprovalRequired:
                var approvalId = error?["approval_id"]?.GetValue<string>();
                structured["approval_id"] = approvalId;
                structured["expires_at"] = error?["expires_at"]?.DeepClone();
                structured["retry_argument"] = ToolPlaceholders.ApprovalArgument;
                return Error(
                    $"Not done yet: a human must approve this call (approval id {approvalId}). Once it is approved, call {tool.Name} again "
                    + $"with exactly the same arguments (optionally plus \"{ToolPlaceholders.ApprovalArgument}\": \"{approvalId}\"). Until then the same "
                    + "call answers that it is still waiting. The approval is for this tool and these arguments only, and can be used once.",
                    structured);
            case ErrorCodes.ConnectionRequired:
                var link = error?["authorize_url"]?.GetValue<string>();
                structured["authorize_url"] = link;
                structured["provider"] = tool.Provider;
                return Error(
                    $"The user has not connected {tool.Provider} (or the connection must be renewed). Ask the user to open {link} "
                    + "in their browser and finish connecting, then call this tool again.",
                    structured);
            default:
                return Error($"Latchkey refused this call ({code}): {message}", structured);
        }
    }

    private static CallToolResult Error(string text, JsonObject structured) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = JsonSerializer.SerializeToElement(structured, McpJsonContext.Default.JsonObject),
    };

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
