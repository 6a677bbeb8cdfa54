using System.Globalization;
using System.Text;
using Latchkey.Approvals.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tests.Approvals.Notifications;

/// <summary>Slack's v0 request signature: HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>, five minutes of skew.</summary>
public sealed class SlackSignatureVerifierTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    // Slack's published example (api.slack.com/authentication/verifying-requests-from-slack).
    private const string SlackExampleBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    private const string SlackExampleTimestamp = "1531420618";
    private const string SlackExampleSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1531420618));

    [Fact]
    public void Slacks_published_example_verifies()
    {
        var check = new SlackSignatureVerifier(_time).Verify(Secret, SlackExampleTimestamp, SlackExampleSignature, Encoding.UTF8.GetBytes(SlackExampleBody));

        Assert.Equal(SlackSignatureCheck.Valid, check);
    }

    [Theory]
    [InlineData(299, true)]
    [InlineData(-299, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    public void A_timestamp_more_than_five_minutes_away_is_stale(int skewSeconds, bool valid)
    {
        var expected = valid ? SlackSignatureCheck.Valid : SlackSignatureCheck.Stale;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1531420618 + skewSeconds));

        var check = new SlackSignatureVerifier(time).Verify(Secret, SlackExampleTimestamp, SlackExampleSignature, Encoding.UTF8.GetBytes(SlackExampleBody));

        Assert.Equal(expected, check);
    }

    [Theory]
    [InlineData("another secret", SlackExampleTimestamp, SlackExampleSignature, "")]
    [InlineData(Secret, SlackExampleTimestamp, SlackExampleSignature, "&tampered=1")]
    [InlineData(Secret, SlackExampleTimestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504", "")]
    [InlineData(Secret, SlackExampleTimestamp, "v0=not-hex", "")]
    [InlineData(Secret, SlackExampleTimestamp, "v0=", "")]
    public void A_signature_that_does_not_match_is_invalid(string secret, string timestamp, string signature, string bodySuffix)
    {
        var check = new SlackSignatureVerifier(_time).Verify(secret, timestamp, signature, Encoding.UTF8.GetBytes(SlackExampleBody + bodySuffix));

        Assert.Equal(SlackSignatureCheck.Invalid, check);
    }

    [Theory]
    [InlineData(null, SlackExampleSignature)]
    [InlineData("", SlackExampleSignature)]
    [InlineData("-1531420618", SlackExampleSignature)]
    [InlineData("1531420618.5", SlackExampleSignature)]
    [InlineData(SlackExampleTimestamp, null)]
    [InlineData(SlackExampleTimestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Missing_or_unparsable_headers_are_refused(string? timestamp, string? signature)
    {
        var check = new SlackSignatureVerifier(_time).Verify(Secret, timestamp, signature, Encoding.UTF8.GetBytes(SlackExampleBody));

        Assert.Equal(SlackSignatureCheck.Missing, check);
    }

    [Fact]
    public void A_fresh_signature_made_the_documented_way_verifies()
    {
        var body = Encoding.UTF8.GetBytes("payload=%7B%7D");
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(SlackSignatureVerifier.Compute(Secret, timestamp, body));

        Assert.Equal(SlackSignatureCheck.Valid, new SlackSignatureVerifier(_time).Verify(Secret, timestamp, signature, body));
    }
}
