using System.Text;
using Latchkey.Sessions;

namespace Latchkey.Tests.Sessions;

public sealed class SessionCredentialParserTests
{
    private const string Token = "lk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    public static TheoryData<string> AcceptedForms => new()
    {
        "Bearer " + Token,
        "bearer " + Token,
        "BEARER " + Token,
        "token " + Token,
        "Token " + Token,
        "Basic " + Basic("x-access-token:" + Token),
        "basic " + Basic(":" + Token),
        "Basic " + Basic("user:" + Token),
    };

    public static TheoryData<string> RefusedForms => new()
    {
        Token,
        "Bearer",
        "Bearer ",
        "Bearer " + Token + " extra",
        "Digest " + Token,
        "Bearer:" + Token,
        "Basic !!!not-base64!!!",
        "Basic " + Basic(Token),
        "Basic " + Basic("user:"),
        "Basic " + Convert.ToBase64String([0x75, 0x3a, 0xff, 0xfe]),
        "Basic " + new string('A', 2000),
    };

    [Theory]
    [MemberData(nameof(AcceptedForms))]
    public void Accepted_forms_yield_the_token(string header)
    {
        Assert.Equal(Token, SessionCredentialParser.Parse(header));
    }

    [Theory]
    [MemberData(nameof(RefusedForms))]
    public void Other_forms_yield_nothing(string header)
    {
        Assert.Null(SessionCredentialParser.Parse(header));
    }

    private static string Basic(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
