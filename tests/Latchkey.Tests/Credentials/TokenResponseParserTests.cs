using System.Text.Json;
using Latchkey.Credentials.OAuth;

namespace Latchkey.Tests.Credentials;

public sealed class TokenResponseParserTests
{
    [Fact]
    public void Standard_response_is_read_with_expiry_and_scopes()
    {
        var result = Parse("""{"access_token":"at-1","refresh_token":"rt-1","expires_in":3600,"scope":"a b"}""", success: true);

        var tokens = Assert.IsType<TokenEndpointResult.Success>(result).Tokens;
        Assert.Equal("at-1", tokens.AccessToken.Reveal());
        Assert.Equal("rt-1", tokens.RefreshToken!.Reveal());
        Assert.Equal(TimeSpan.FromHours(1), tokens.ExpiresIn);
        Assert.Equal(["a", "b"], tokens.Scopes);
    }

    [Fact]
    public void Missing_refresh_token_is_null_so_the_stored_one_is_kept()
    {
        var result = Parse("""{"access_token":"at-1"}""", success: true);

        Assert.Null(Assert.IsType<TokenEndpointResult.Success>(result).Tokens.RefreshToken);
    }

    [Theory]
    [InlineData("""{"error":"bad_verification_code"}""", true, "bad_verification_code")]
    [InlineData("""{"ok":false,"error":"invalid_refresh_token"}""", true, "invalid_refresh_token")]
    [InlineData("""{"error":"invalid_grant"}""", false, "invalid_grant")]
    [InlineData("""{"error":"<script>"}""", false, "invalid_request")]
    [InlineData("not json", false, "invalid_request")]
    public void Errors_are_rejected_with_a_safe_code(string body, bool success, string expected)
    {
        var result = Parse(body, success);

        Assert.Equal(expected, Assert.IsType<TokenEndpointResult.Rejected>(result).Error);
    }

    [Fact]
    public void Slack_user_token_is_read_from_authed_user()
    {
        var result = Parse("""{"ok":true,"authed_user":{"access_token":"xoxp-1","scope":"chat:write"}}""", success: true);

        Assert.Equal("xoxp-1", Assert.IsType<TokenEndpointResult.Success>(result).Tokens.AccessToken.Reveal());
    }

    [Fact]
    public void Lifetime_past_a_year_is_read_as_a_year()
    {
        var result = Parse("""{"access_token":"at-1","expires_in":300000000000}""", success: true);

        Assert.Equal(TokenResponseParser.MaxLifetime, Assert.IsType<TokenEndpointResult.Success>(result).Tokens.ExpiresIn);
    }

    /// <summary>The body as the token client hands it over: a JSON object, or null for anything else.</summary>
    private static TokenEndpointResult Parse(string body, bool success)
    {
        JsonDocument? document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            document = null;
        }

        using (document)
        {
            return TokenResponseParser.Parse(document, success);
        }
    }
}
