using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace Latchkey.IntegrationTests.Mcp.Remote;

/// <summary>
/// What the approver of a held tool call sees (docs/mcp.md, CONTRACT §5): the tool and its
/// arguments, secrets masked, on the approvals API and page; not only the provider request the
/// call maps to, which for <c>gmail_send_message</c> is a base64url blob.
/// </summary>
public sealed class ToolApprovalPreviewTests(ApprovalPreviewRig rig) : IClassFixture<ApprovalPreviewRig>
{
    private const string PlantedGithubToken = "ghp_PLANTEDghpTOKEN0123456789abcdefABCD";

    [Fact]
    public async Task Approver_of_a_held_gmail_send_sees_the_tool_recipient_and_subject_with_secrets_masked()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session, "/mcp");

        var held = await client.CallToolAsync("gmail_send_message", new Dictionary<string, object?>
        {
            ["to"] = "attacker@example.com",
            ["subject"] = "Quarterly <numbers>",
            ["text"] = "Use " + PlantedGithubToken + " to log in.",
        });
        var approvalId = held.StructuredContent!.Value.GetProperty("approval_id").GetString()!;

        using var view = await ApprovalAsync(approvalId);
        Assert.Equal("gmail_send_message", view.RootElement.GetProperty("tool").GetString());
        var arguments = view.RootElement.GetProperty("arguments_preview").GetString()!;
        Assert.Contains("\"to\":\"attacker@example.com\"", arguments, StringComparison.Ordinal);
        Assert.Contains("\"subject\":\"Quarterly <numbers>\"", arguments, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"Use *** to log in.\"", arguments, StringComparison.Ordinal);
        Assert.DoesNotContain(PlantedGithubToken, view.RootElement.GetRawText(), StringComparison.Ordinal);

        var html = await PageAsync();
        Assert.DoesNotContain("Quarterly <numbers>", html, StringComparison.Ordinal);
        var shown = WebUtility.HtmlDecode(html);
        Assert.Contains("gmail_send_message", shown, StringComparison.Ordinal);
        Assert.Contains("\"to\":\"attacker@example.com\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"subject\":\"Quarterly <numbers>\"", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(PlantedGithubToken, shown, StringComparison.Ordinal);
        Assert.Empty(rig.Host.Upstream.Received);
    }

    [Fact]
    public async Task Approver_of_a_held_remote_tool_call_sees_the_tool_and_its_arguments()
    {
        var session = await rig.NewSessionAsync();
        await using var client = await rig.ConnectAsync(session);

        var refused = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(
            () => client.CallToolAsync("close_issue", new Dictionary<string, object?> { ["repo"] = "hello", ["number"] = 11 }).AsTask());
        Assert.Contains("approval_required", refused.Message, StringComparison.Ordinal);

        using var list = await ListAsync();
        var approval = list.RootElement.EnumerateArray().Single(a => a.GetProperty("session_id").GetString() == session.Id);
        Assert.Equal("close_issue", approval.GetProperty("tool").GetString());
        Assert.Equal("{\"number\":11,\"repo\":\"hello\"}", approval.GetProperty("arguments_preview").GetString());
        Assert.Empty(rig.Remote.ToolsCalled);
    }

    private async Task<JsonDocument> ApprovalAsync(string approvalId) => await GetJsonAsync($"/v1/approvals/{approvalId}");

    private async Task<JsonDocument> ListAsync() => await GetJsonAsync("/v1/approvals?status=pending");

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", rig.Host.Jwt.Issue("acme", "alice"));
        using var response = await rig.Host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> PageAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/ui/approvals");
        request.Headers.Add("Cookie", "latchkey_ui=" + rig.Host.Jwt.Issue("acme", "alice"));
        using var response = await rig.Host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
