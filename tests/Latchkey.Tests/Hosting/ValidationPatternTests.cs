using System.Reflection;
using System.Text.RegularExpressions;
using Latchkey.Approvals;
using Latchkey.Credentials.OAuth;
using Latchkey.Mcp.Remote;
using Latchkey.Rules.Conditions;
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

    [Fact]
    public void No_whole_value_pattern_in_latchkey_ends_in_a_dollar()
    {
        const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var patterns = typeof(ApprovalIds).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(Everything).Concat<MemberInfo>(t.GetProperties(Everything)))
            .Select(m => (Member: m, Regex: m.GetCustomAttribute<GeneratedRegexAttribute>()))
            .Where(p => p.Regex is not null)
            .ToList();

        var dollars = patterns
            .Where(p => p.Regex!.Pattern.StartsWith('^') && p.Regex.Pattern.EndsWith('$') && !p.Regex.Pattern.EndsWith("\\$", StringComparison.Ordinal))
            .Select(p => $"{p.Member.DeclaringType!.FullName}.{p.Member.Name}: {p.Regex!.Pattern}")
            .ToList();

        Assert.True(patterns.Count > 20, $"only {patterns.Count} generated patterns found: is the reflection looking in the right place?");
        Assert.Empty(dollars);
    }

    [Theory]
    [InlineData("apr_abc\n", false)]
    [InlineData("apr_abc", true)]
    public void An_approval_id_is_refused_with_a_trailing_line_feed(string id, bool wellFormed) =>
        Assert.Equal(wellFormed, ApprovalIds.IsWellFormed(id));

    [Fact]
    public void A_matches_condition_is_not_met_by_a_value_with_a_line_feed_after_the_pattern()
    {
        var matcher = PatternMatcher.TryCreate("[a-z]+", ignoreCase: false, out var error);

        Assert.Null(error);
        Assert.Equal(ConditionOutcome.Fails, matcher!.Match(ConditionValue.Of("abc\n")));
        Assert.Equal(ConditionOutcome.Holds, matcher.Match(ConditionValue.Of("abc")));
    }
}
