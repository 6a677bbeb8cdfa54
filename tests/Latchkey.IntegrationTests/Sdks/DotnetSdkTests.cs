using System.ClientModel;
using System.ClientModel.Primitives;
using Latchkey.IntegrationTests.Infrastructure;
using Octokit;
using Octokit.Internal;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Latchkey.IntegrationTests.Sdks;

/// <summary>
/// The official .NET SDKs (<c>OpenAI</c> 2.15.0, <c>Octokit</c> 14.0.0, pinned in
/// Directory.Packages.props) in-process through Latchkey against <see cref="FakeProviders"/>: the
/// call works with the injected credential and no session token reaches the provider, a stream
/// reaches the SDK while the provider still holds it, Octokit's paging comes back through Latchkey
/// with every page audited, and a refusal is readable from the SDK's exception and sent once.
/// </summary>
public sealed class DotnetSdkTests(SdkRig rig) : IClassFixture<SdkRig>
{
    private static readonly ChatMessage[] Ping = [new UserChatMessage("ping")];

    [Fact]
    public async Task Openai_chat_completion_goes_through_with_the_injected_key()
    {
        var session = await rig.NewSessionAsync();

        ChatCompletion completion = await Chat(session, "gpt-test").CompleteChatAsync(Ping);

        Assert.Equal("pong", completion.Content[0].Text);
        await rig.AssertForwardedAsync(session, "openai", ["openai.chat"]);
    }

    [Fact]
    public async Task Openai_stream_reaches_the_sdk_while_the_provider_still_holds_it()
    {
        var session = await rig.NewSessionAsync();
        var text = string.Empty;
        bool? heldAtFirstChunk = null;

        await foreach (var update in Chat(session, "hold-dotnet-openai").CompleteChatStreamingAsync(Ping))
        {
            heldAtFirstChunk ??= rig.Fake.Release("dotnet-openai");
            text += string.Concat(update.ContentUpdate.Select(part => part.Text));
        }

        Assert.True(heldAtFirstChunk, "the first chunk arrived only after the provider let go: the stream was buffered");
        Assert.Equal("first second", text);
        await rig.AssertForwardedAsync(session, "openai", ["openai.chat"]);
    }

    [Fact]
    public async Task Openai_refusal_is_readable_by_the_sdk_and_not_retried()
    {
        var session = await rig.NewSessionAsync();
        var models = new OpenAIModelClient(new ApiKeyCredential(session.Token), Options("openai"));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => models.GetModelsAsync());

        await rig.AssertRefusedOnceAsync(session, "route_denied");
        Assert.Equal(403, error.Status);
        Assert.Contains("No rule allows this route.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// System.ClientModel's retry policy (OpenAI 2.15.0 uses it) retries 408, 429, 500, 502, 503
    /// and 504 and does not read <c>x-should-retry</c>: a 503 config error is sent 4 times by
    /// default. Agents on the .NET SDK turn retries off for it, as docs/sdks.md says.
    /// </summary>
    [Fact]
    public async Task Openai_config_error_reaches_Latchkey_once_with_the_documented_retry_setting()
    {
        var session = await rig.NewSessionAsync();
        var options = Options("openai-unset");
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        var chat = new ChatClient("gpt-test", new ApiKeyCredential(session.Token), options);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync(Ping));

        await rig.AssertRefusedOnceAsync(session, "credential_unavailable");
        Assert.Equal(503, error.Status);
        Assert.Contains("credential_unavailable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Octokit_pages_through_Latchkey_with_every_page_audited()
    {
        var session = await rig.NewSessionAsync();

        var issues = await Github(session).Issue.GetAllForRepository("octo", "hello", new ApiOptions { PageSize = 2 });

        Assert.Equal([1, 2, 3, 4, 5, 6], issues.Select(i => i.Number));
        await rig.AssertForwardedAsync(session, "github", ["github.issues.list", "github.issues.pages", "github.issues.pages"]);
    }

    [Fact]
    public async Task Octokit_refusal_is_readable_by_the_sdk_and_not_retried()
    {
        var session = await rig.NewSessionAsync();

        var error = await Assert.ThrowsAnyAsync<ApiException>(() => Github(session).Repository.Delete("octo", "hello"));

        await rig.AssertRefusedOnceAsync(session, "route_denied");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("A rule denies this route.", error.Message);
    }

    private ChatClient Chat(CreatedSession session, string model) =>
        new(model, new ApiKeyCredential(session.Token), Options("openai"));

    private OpenAIClientOptions Options(string provider) => new() { Endpoint = new Uri($"{rig.LatchkeyUrl}/{provider}/v1") };

    /// <summary>
    /// Through <see cref="Connection"/>: GitHubClient's own constructor replaces any base path
    /// outside github.com with /api/v3/ (GitHub Enterprise's), losing the /github prefix.
    /// </summary>
    private GitHubClient Github(CreatedSession session) => new(new Connection(
        new ProductHeaderValue("latchkey-sdk-tests"),
        new Uri($"{rig.LatchkeyUrl}/github/"),
        new InMemoryCredentialStore(new Octokit.Credentials(session.Token))));
}
