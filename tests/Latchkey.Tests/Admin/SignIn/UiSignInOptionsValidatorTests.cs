using Latchkey.Admin;
using Latchkey.Admin.SignIn;
using Microsoft.Extensions.Options;

namespace Latchkey.Tests.Admin.SignIn;

public sealed class UiSignInOptionsValidatorTests
{
    private const string Authority = "https://login.example.com/tenant";

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(Authority, "latchkey-ui", null)]
    [InlineData(Authority, "latchkey-ui", true)]
    [InlineData(Authority, "latchkey-ui", false)]
    [InlineData(null, null, true)]
    public void Valid_settings_pass(string? authority, string? clientId, bool? allowPaste)
    {
        var result = Validate(authority, new UiSignInOptions { ClientId = clientId, AllowTokenPaste = allowPaste });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string?, UiSignInOptions, string> InvalidSettings() => new()
    {
        { null, new UiSignInOptions { ClientId = "latchkey-ui" }, "ClientId needs Latchkey:Admin:Authority" },
        { null, new UiSignInOptions { ClientSecret = "s" }, "ClientSecret is set without ClientId" },
        { null, new UiSignInOptions { AllowTokenPaste = false }, "nobody could sign in" },
        { Authority, new UiSignInOptions { ClientId = "c", Scopes = { "profile" } }, "Scopes must include openid" },
        { null, new UiSignInOptions { SessionLifetime = TimeSpan.FromMinutes(1) }, "SessionLifetime" },
        { null, new UiSignInOptions { SessionLifetime = TimeSpan.FromDays(2) }, "SessionLifetime" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_name_the_key(string? authority, UiSignInOptions options, string expected)
    {
        var result = Validate(authority, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(UiSignInOptions.SectionName, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("latchkey-ui", null, false)]
    [InlineData("latchkey-ui", true, true)]
    public void Pasting_a_token_is_the_fallback_without_an_IdP_client(string? clientId, bool? allowPaste, bool expected) =>
        Assert.Equal(expected, new UiSignInOptions { ClientId = clientId, AllowTokenPaste = allowPaste }.TokenPasteAllowed);

    private static ValidateOptionsResult Validate(string? authority, UiSignInOptions options) =>
        new UiSignInOptionsValidator(Options.Create(new AdminOptions { Authority = authority })).Validate(null, options);
}
