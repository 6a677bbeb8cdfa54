using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;

namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// The official Node SDKs (exact versions in tests/sdk-clients/package-lock.json) run unchanged
/// through Latchkey against <see cref="FakeProviders"/>: the call works with the injected
/// credential and no session token reaches the provider, pagination comes back through Latchkey
/// with every page audited, a stream reaches the SDK while the provider still holds it open, and a
/// refusal is readable from the SDK's own error object and reaches Latchkey exactly once.
/// </summary>
public sealed class NodeSdkTests(SdkRig rig) : IClassFixture<SdkRig>
{
    private const string NoRuleMessage = "No rule allows this route.";
    private const string DenyRuleMessage = "A rule denies this route.";

    public static TheoryData<string> AnthropicPackages() => new() { "anthropic-sdk-0", "@anthropic-ai/sdk" };

    [Fact]
    public async Task Openai_chat_completion_goes_through_with_the_injected_key()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "openai.mjs", "chat");

        Assert.Equal("pong", result.GetProperty("content").GetString());
        await rig.AssertForwardedAsync(session, "openai", ["openai.chat"]);
    }

    [Fact]
    public async Task Openai_stream_reaches_the_sdk_while_the_provider_still_holds_it()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "openai.mjs", "stream");

        Assert.True(result.GetProperty("heldAtFirstChunk").GetBoolean(), "the first chunk arrived only after the provider let go: the stream was buffered");
        Assert.Equal("first second", result.GetProperty("text").GetString());
        await rig.AssertForwardedAsync(session, "openai", ["openai.chat"]);
    }

    [Fact]
    public async Task Openai_refusal_is_readable_by_the_sdk_and_not_retried()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "openai.mjs", "refusal");

        await AssertRefusedOnceAsync(session, result, 403, "route_denied");
        Assert.Equal("route_denied", result.GetProperty("code").GetString());
        Assert.Contains(NoRuleMessage, result.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openai_config_error_is_not_retried()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "openai.mjs", "unavailable");

        await AssertRefusedOnceAsync(session, result, 503, "credential_unavailable");
        Assert.Equal("credential_unavailable", result.GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(AnthropicPackages))]
    public async Task Anthropic_message_goes_through_with_the_key_from_x_api_key(string package)
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "anthropic.mjs", "messages", package);

        Assert.Equal("pong", result.GetProperty("text").GetString());
        await rig.AssertForwardedAsync(session, "anthropic", ["anthropic.messages"]);
    }

    [Theory]
    [MemberData(nameof(AnthropicPackages))]
    public async Task Anthropic_message_goes_through_with_the_key_from_an_auth_token(string package)
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "anthropic.mjs", "authToken", package);

        Assert.Equal("pong", result.GetProperty("text").GetString());
        await rig.AssertForwardedAsync(session, "anthropic", ["anthropic.messages"]);
    }

    [Fact]
    public async Task Anthropic_0x_with_api_key_and_auth_token_forwards_neither()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "anthropic.mjs", "bothHeaders", "anthropic-sdk-0");

        Assert.Equal("pong", result.GetProperty("text").GetString());
        await rig.AssertForwardedAsync(session, "anthropic", ["anthropic.messages"]);
    }

    [Theory]
    [MemberData(nameof(AnthropicPackages))]
    public async Task Anthropic_stream_reaches_the_sdk_while_the_provider_still_holds_it(string package)
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "anthropic.mjs", "stream", package);

        Assert.True(result.GetProperty("heldAtFirstChunk").GetBoolean(), "the first delta arrived only after the provider let go: the stream was buffered");
        Assert.Equal("first second", result.GetProperty("text").GetString());
        await rig.AssertForwardedAsync(session, "anthropic", ["anthropic.messages"]);
    }

    [Theory]
    [MemberData(nameof(AnthropicPackages))]
    public async Task Anthropic_refusal_is_readable_by_the_sdk_and_not_retried(string package)
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "anthropic.mjs", "refusal", package);

        await AssertRefusedOnceAsync(session, result, 403, "route_denied");
        Assert.Contains(NoRuleMessage, result.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Octokit_paginate_follows_every_page_through_Latchkey()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "octokit.mjs", "paginate");

        Assert.Equal([1, 2, 3, 4, 5, 6], result.GetProperty("numbers").EnumerateArray().Select(n => n.GetInt32()));
        await rig.AssertForwardedAsync(session, "github", ["github.issues.list", "github.issues.pages", "github.issues.pages"]);
    }

    [Fact]
    public async Task Octokit_refusal_is_readable_by_the_sdk_and_not_retried()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "octokit.mjs", "refusal");

        await AssertRefusedOnceAsync(session, result, 403, "route_denied");
        Assert.Contains(DenyRuleMessage, result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("github.repo.delete.deny", result.GetProperty("data").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_paginate_follows_every_cursor_through_Latchkey()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "slack.mjs", "paginate");

        Assert.Equal(["C1", "C2", "C3"], result.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        await rig.AssertForwardedAsync(session, "slack", ["slack.conversations.list", "slack.conversations.list", "slack.conversations.list"]);
    }

    [Fact]
    public async Task Slack_post_message_goes_through_with_the_injected_token()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "slack.mjs", "post");

        Assert.True(result.GetProperty("posted").GetBoolean());
        await rig.AssertForwardedAsync(session, "slack", ["slack.chat.post"]);
    }

    [Fact]
    public async Task Slack_refusal_is_readable_by_the_sdk_and_not_retried()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "slack.mjs", "refusal");

        await AssertRefusedOnceAsync(session, result, null, "route_denied");
        Assert.Equal("route_denied", result.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Gmail_client_reaches_its_provider_by_host_and_pages_through_Latchkey()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "gmail.mjs", "list");

        Assert.Equal(["m1", "m2"], result.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        await rig.AssertForwardedAsync(session, "google", ["mail.messages.list", "mail.messages.list"]);
    }

    [Fact]
    public async Task Gmail_client_with_an_api_key_sends_it_as_key_and_it_is_not_forwarded()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "gmail.mjs", "apiKey");

        Assert.Equal(["m1"], result.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        await rig.AssertForwardedAsync(session, "google", ["mail.messages.list"]);
    }

    [Fact]
    public async Task Gmail_refusal_is_readable_by_the_sdk_and_not_retried()
    {
        var session = await rig.NewSessionAsync();

        var result = await NodeScript.RunAsync(rig, session, "gmail.mjs", "refusal");

        await AssertRefusedOnceAsync(session, result, 403, "route_denied");
        Assert.Contains(DenyRuleMessage, result.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The SDK saw a refusal, Latchkey audited exactly one request, and nothing reached a provider.</summary>
    private async Task AssertRefusedOnceAsync(CreatedSession session, JsonElement result, int? status, string code)
    {
        Assert.True(result.GetProperty("refused").GetBoolean(), "the SDK call succeeded: " + result);
        if (status is not null)
        {
            Assert.Equal(status, result.GetProperty("status").GetInt32());
        }

        await rig.AssertRefusedOnceAsync(session, code);
        Assert.Contains(code, result.ToString(), StringComparison.Ordinal);
    }
}
