using Latchkey.Providers;

namespace Latchkey.Tests.Config;

public sealed class InjectSettingsTests
{
    [Theory]
    [InlineData("Bearer {token}", "abc", "Bearer abc")]
    [InlineData("{token}", "abc", "abc")]
    [InlineData("Basic {token_base64}", "me@example.com:api-token", "Basic bWVAZXhhbXBsZS5jb206YXBpLXRva2Vu")]
    public void Credential_is_rendered_into_the_configured_format(string format, string token, string expected)
    {
        Assert.Equal(expected, new InjectSettings("Authorization", format).Render(token));
    }
}
