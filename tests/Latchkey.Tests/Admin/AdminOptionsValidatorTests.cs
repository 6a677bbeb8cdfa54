using Latchkey.Admin;

namespace Latchkey.Tests.Admin;

public sealed class AdminOptionsValidatorTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("https://login.example.com/tenant", null)]
    [InlineData("http://localhost:5000", null)]
    [InlineData("http://127.0.0.1:5000", null)]
    [InlineData(null, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void Valid_settings_pass(string? authority, string? key)
    {
        var result = new AdminOptionsValidator().Validate(null, new AdminOptions { Authority = authority, SigningKey = key });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("http://login.example.com", null, "Latchkey:Admin:Authority")]
    [InlineData("not a url", null, "Latchkey:Admin:Authority")]
    [InlineData(null, "!!!not base64!!!", "Latchkey:Admin:SigningKey")]
    [InlineData(null, "c2hvcnQ=", "Latchkey:Admin:SigningKey")]
    public void Invalid_settings_name_the_key(string? authority, string? key, string expectedKey)
    {
        var result = new AdminOptionsValidator().Validate(null, new AdminOptions { Authority = authority, SigningKey = key });

        Assert.True(result.Failed);
        Assert.Contains(expectedKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void All_errors_are_reported_together()
    {
        var options = new AdminOptions { Authority = "ftp://x", SigningKey = "c2hvcnQ=", Audience = "", TenantClaim = "" };

        var result = new AdminOptionsValidator().Validate(null, options);

        Assert.Equal(4, result.Failures!.Count());
    }
}
