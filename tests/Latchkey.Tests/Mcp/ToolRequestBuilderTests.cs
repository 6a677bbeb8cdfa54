using System.Text;
using System.Text.Json.Nodes;
using Latchkey.Mcp;

namespace Latchkey.Tests.Mcp;

public sealed class ToolRequestBuilderTests
{
    private static readonly Latchkey.Config.ToolDefinition Comment = TestTools.One("""
        tools:
          - name: comment
            description: Comment.
            provider: github
            method: POST
            path: /repos/{owner}/{repo}/issues/{number}/comments
            query:
              labels: "{labels}"
              note: "by {owner}"
              fixed: yes
            body:
              body: "{body}"
              extra: "{extra}"
              meta: { n: "{number}", tags: ["{labels}"] }
            input_schema:
              type: object
              properties:
                owner: { type: string }
                repo: { type: string }
                number: { type: integer }
                body: { type: string }
                extra: { type: string }
                labels: { type: array, items: { type: string } }
              required: [owner, repo, number]
        """);

    private static readonly Latchkey.Config.ToolDefinition Send = TestTools.One("""
        tools:
          - name: send
            description: Send.
            provider: mail
            method: POST
            path: /gmail/v1/users/me/messages/send
            body:
              raw:
                $email: { to: "{to}", subject: "{subject}", text: "{text}" }
            input_schema:
              type: object
              properties:
                to: { type: string }
                subject: { type: string }
                text: { type: string }
        """);

    [Fact]
    public void Path_arguments_are_one_encoded_segment_each_and_absent_optional_values_are_left_out()
    {
        var request = Build(Comment, """{"owner":"a/b","repo":"..x","number":7,"body":"hi","labels":["bug","p 1"]}""");

        Assert.Equal("/repos/a%2Fb/..x/issues/7/comments?labels=bug&labels=p%201&note=by%20a%2Fb&fixed=yes", request.PathAndQuery);
        Assert.Equal("""{"body":"hi","meta":{"n":7,"tags":[["bug","p 1"]]}}""", Encoding.UTF8.GetString(request.Body!));
    }

    [Theory]
    [InlineData("""{"owner":"..","repo":"r","number":1}""", "owner")]
    [InlineData("""{"owner":"o","repo":"","number":1}""", "repo")]
    public void Dot_segment_or_empty_path_argument_is_invalid(string arguments, string field)
    {
        var request = ToolRequestBuilder.Build(Comment, JsonNode.Parse(arguments)!.AsObject(), out var invalid);

        Assert.Null(request);
        Assert.Equal(field, invalid!.Field);
    }

    [Fact]
    public void Email_body_is_a_base64url_rfc5322_message()
    {
        var request = Build(Send, """{"to":"bob@example.com","subject":"Hi","text":"See you"}""");

        var raw = JsonNode.Parse(request.Body!)!["raw"]!.GetValue<string>();
        Assert.DoesNotContain('+', raw);
        Assert.DoesNotContain('/', raw);
        var message = Encoding.UTF8.GetString(Convert.FromBase64String(raw.Replace('-', '+').Replace('_', '/').PadRight((raw.Length + 3) / 4 * 4, '=')));
        Assert.StartsWith("To: bob@example.com\r\nSubject: Hi\r\nMIME-Version: 1.0\r\n", message, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + Convert.ToBase64String(Encoding.UTF8.GetBytes("See you")), message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"to":"bob@example.com\r\nBcc: eve@example.com","subject":"Hi","text":"x"}""", "to")]
    [InlineData("""{"to":"bob@example.com","subject":"Hi\nBcc: eve@example.com","text":"x"}""", "subject")]
    public void Line_break_in_an_email_header_argument_is_invalid_naming_it(string arguments, string field)
    {
        var request = ToolRequestBuilder.Build(Send, JsonNode.Parse(arguments)!.AsObject(), out var invalid);

        Assert.Null(request);
        Assert.Equal(field, invalid!.Field);
    }

    private static ToolRequest Build(Latchkey.Config.ToolDefinition tool, string arguments)
    {
        var request = ToolRequestBuilder.Build(tool, JsonNode.Parse(arguments)!.AsObject(), out var invalid);
        Assert.Null(invalid);
        return request!;
    }
}
