using System.Text.Json.Serialization;
using Latchkey.Credentials;

namespace Latchkey.Admin;

/// <summary>The long poll's answer: <c>{"status", "error"?}</c>.</summary>
internal sealed record ConnectionFlowView(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error)
{
    public static ConnectionFlowView From(ConnectFlow flow) =>
        new(flow.Status.ToString().ToLowerInvariant(), flow.Status == ConnectFlowStatus.Failed ? flow.Error : null);
}
