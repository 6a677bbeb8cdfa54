using Latchkey.Credentials.OAuth;
using Latchkey.Mcp.Remote;
using Latchkey.Sessions;

namespace Latchkey.Tests.Hosting;

/// <summary>
/// A pattern that validates a whole value must end in <c>\z</c>: .NET's <c>$</c> also matches before
/// a final <c>\n</c>, so <c>^name$</c> accepts <c>"name\n"</c> (a tool name that misses its deny
/// rule, a scope or error code that forges a log line).
/// </summary>
public sealed class ValidationPatternTests
{
    [Theory]
    [InlineData("delete_repo\n")]
    [InlineData("\n")]
    public void A_tool_name_with_a_trailing_line_feed_is_not_a_tool_name(string name) =>
        Assert.False(McpMethods.IsToolName(name));

    [Fact]
    public void A_tools_call_naming_a_tool_with_a_trailing_line_feed_is_an_invalid_message()
    {
        using var body = Latchkey.Rules.Conditions.StrictJsonBody.Read(
            """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_repo\n"}}"""u8.ToArray(), "application/json", default);

        Assert.Null(McpMessage.Read(body.Root, out var problem));
        Assert.NotNull(problem);
    }

    [Theory]
    [InlineData("agent-1\n")]
    [InlineData("agent-1")]
    public void An_agent_id_is_refused_with_a_trailing_line_feed(string agentId) =>
        Assert.Equal(!agentId.EndsWith('\n'), SessionInputValidator.IsValidAgentId(agentId));

    [Theory]
    [InlineData("repo:read\n")]
    [InlineData("repo:read")]
    public void A_scope_is_refused_with_a_trailing_line_feed(string scope) =>
        Assert.Equal(!scope.EndsWith('\n'), SessionInputValidator.IsValidScope(scope));

    [Fact]
    public void A_token_endpoint_error_code_with_a_trailing_line_feed_is_not_passed_on()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""{"error":"invalid_grant\n"}""");

        var result = TokenResponseParser.Parse(document, success: false);

        Assert.Equal("invalid_request", Assert.IsType<TokenEndpointResult.Rejected>(result).Error);
    }
}
