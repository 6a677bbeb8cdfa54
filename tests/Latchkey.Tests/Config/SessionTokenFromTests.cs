using Latchkey.Config;
using Latchkey.Providers;

namespace Latchkey.Tests.Config;

/// <summary>providers.yaml's <c>session_token_from</c>: where a provider's agents may present their session token.</summary>
public sealed class SessionTokenFromTests
{
    [Fact]
    public void Without_the_key_only_Authorization_is_read()
    {
        var provider = Load("credential: user");

        Assert.Equal(SessionTokenSource.Default, provider.SessionTokenFrom);
    }

    [Fact]
    public void The_listed_positions_are_read_in_order()
    {
        var provider = Load("session_token_from: [x-api-key, authorization, api-key, x-goog-api-key, \"query:key\"]");

        Assert.Equal(["x-api-key", "authorization", "api-key", "x-goog-api-key", "query:key"], provider.SessionTokenFrom.Select(s => s.ToString()));
        Assert.Equal(SessionTokenSourceKind.Query, provider.SessionTokenFrom[4].Kind);
        Assert.Equal("key", provider.SessionTokenFrom[4].Name);
    }

    [Fact]
    public void The_google_preset_also_accepts_the_key_parameter_and_header()
    {
        var provider = Load("preset: google");

        Assert.Equal(["authorization", "query:key", "x-goog-api-key"], provider.SessionTokenFrom.Select(s => s.ToString()));
    }

    [Fact]
    public void An_explicit_list_wins_over_the_preset()
    {
        var provider = Load("preset: google\n    session_token_from: [authorization]");

        Assert.Equal(SessionTokenSource.Default, provider.SessionTokenFrom);
    }

    [Theory]
    [InlineData("[cookie]", "'cookie' is not valid")]
    [InlineData("[\"query:\"]", "'query:' is not valid")]
    [InlineData("[\"query:a b\"]", "is not valid")]
    [InlineData("[authorization, authorization]", "listed twice")]
    [InlineData("[]", "at least one position")]
    [InlineData("x-api-key", "must be a list")]
    public void Invalid_lists_stop_the_load_with_the_key_named(string value, string message)
    {
        using var folder = new TempConfigFolder(Providers("session_token_from: " + value));

        var result = ConfigLoader.Load(folder.Path);

        Assert.False(result.Succeeded);
        var errors = string.Join("\n", result.Errors);
        Assert.Contains("providers.mail.session_token_from", errors, StringComparison.Ordinal);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    private static ProviderDefinition Load(string extra)
    {
        using var folder = new TempConfigFolder(Providers(extra));
        var result = ConfigLoader.Load(folder.Path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot.Providers["mail"];
    }

    private static string Providers(string extra) =>
        "providers:\n  mail:\n    upstream: \"https://gmail.googleapis.com\"\n    " + extra + "\n";
}
