using Latchkey.Approvals;

namespace Latchkey.Tests.Approvals;

public sealed class QueryPreviewTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("?assignee=attacker&state=closed", "?assignee=attacker&state=closed")]
    [InlineData("?redirect=https://attacker.example/x/0123456789abcdefghijklmnopqrstuvwxyz", "?redirect=https://attacker.example/x/0123456789abcdefghijklmnopqrstuvwxyz")]
    [InlineData("?access_token=abc&q=1", "?access_token=***&q=1")]
    [InlineData("?api_key=abc&apiKey=def&X-Amz-Signature=0f&sig=1&code=xyz&password=p", "?api_key=***&apiKey=***&X-Amz-Signature=***&sig=***&code=***&password=***")]
    [InlineData("?a%63cess_token=abc", "?a%63cess_token=***")]
    [InlineData("?q=ghp_0123456789abcdefghijklmnopqrst", "?q=***")]
    [InlineData("?q=%67hp_0123456789abcdefghijklmnopqrst", "?q=***")]
    [InlineData("?q=Bearer+0123456789abcdef0123456789", "?q=Bearer+***")]
    [InlineData("?text=Wire+funds+to+https://attacker.example+sk-proj0123456789abcdef", "?text=Wire+funds+to+https://attacker.example+***")]
    [InlineData("?text=a%26b%3Dc%2B***%20ghp_0123456789abcdefghijklmnopqrst", "?text=a%26b%3Dc%2B%2A%2A%2A+***")]
    [InlineData("?note%3Dghp_0123456789abcdefghijklmnopqrst=1", "?note%3D***=1")]
    [InlineData("?ghp_0123456789abcdefghijklmnopqrst=1", "?***=1")]
    [InlineData("?flag&token", "?flag&token")]
    [InlineData("?monkey=1&signal=2&keys_sorted=3", "?monkey=1&signal=2&keys_sorted=3")]
    [InlineData("?token=&x==y", "?token=&x==y")]
    public void Values_are_shown_as_sent_unless_secret_named_or_credential_shaped(string query, string expected)
    {
        Assert.Equal(expected, QueryPreview.Mask(query));
    }
}
