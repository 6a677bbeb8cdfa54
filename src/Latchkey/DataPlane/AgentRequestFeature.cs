using Latchkey.Config;
using Latchkey.Credentials;
using Latchkey.Forwarding;
using Latchkey.Mcp;
using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;
using Latchkey.Sessions;
using Yarp.ReverseProxy.Forwarder;

namespace Latchkey.DataPlane;

/// <summary>
/// Typed state of one data-plane request, filled in by each pipeline step in turn and read by
/// the next step, the transforms and the audit step.
/// </summary>
/// <remarks>
/// Whatever a later step needs from an earlier one is a property here rather than a feature of
/// its own: on Kestrel every feature that is not one of its own is found by walking a list, and a
/// request used to make some 30 such lookups, a third of them for features it did not have
/// (bench/README.md).
/// </remarks>
public sealed class AgentRequestFeature
{
    /// <summary>False once the request is known to address the management API or a health probe.</summary>
    public bool IsDataPlane { get; set; } = true;

    /// <summary>
    /// The first canonical path segment, when the target was canonical; on a provider host the
    /// host's first label (null when that label cannot be a provider name).
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>
    /// The configured base domain when the provider was addressed by host (<c>{provider}.{base}</c>,
    /// <c>Latchkey:ProviderHosts</c>); null when it was addressed by the first path segment.
    /// </summary>
    public string? ProviderHostBase { get; set; }

    /// <summary>Canonical (decoded) upstream path the rules match and the upstream receives: on a provider host, the whole path.</summary>
    public string? UpstreamPath { get; set; }

    /// <summary>The raw query string ("" or starting with '?'); never logged or audited.</summary>
    public string Query { get; set; } = string.Empty;

    /// <summary>The config snapshot (with its compiled rules) this request is judged by, taken once so a reload mid-request cannot mix versions.</summary>
    public ConfigSnapshot? Config { get; set; }

    public ProviderDefinition? ProviderDefinition { get; set; }

    /// <summary>The provider's upstream address and client, from the same snapshot as <see cref="Config"/>.</summary>
    internal UpstreamTarget? Upstream { get; set; }

    public RuleDecision? Decision { get; set; }

    /// <summary>For a POST to a batch path: the verdict over its sub-requests (their number and the deciding one, for audit).</summary>
    public Rules.Batch.BatchVerdict? Batch { get; set; }

    public CredentialMode? CredentialMode { get; set; }

    /// <summary>
    /// In shadow mode, the error code the rules would have refused this request with; the
    /// request is forwarded and audited as <c>would_deny</c>.
    /// </summary>
    public string? ShadowRefusal { get; set; }

    /// <summary>The credential value to inject, already formatted for the provider's header.</summary>
    public SecretValue? Credential { get; set; }

    /// <summary>A per-user API host replacing the provider's upstream (Salesforce instance_url), vetted by the preset.</summary>
    public Uri? UpstreamOverride { get; set; }

    /// <summary>True once the request was handed to the forwarder.</summary>
    public bool Forwarded { get; set; }

    public int? UpstreamStatus { get; set; }

    /// <summary>Response body bytes handed to the agent, once a forwarded request has ended.</summary>
    public long? ResponseBytes { get; set; }

    /// <summary>True once the upstream's response was found to carry the injected credential (and it was scrubbed).</summary>
    public bool CredentialEchoed { get; set; }

    /// <summary>The approval holding this request, or the one it used up to be forwarded (audit <c>ApprovalId</c>).</summary>
    public string? ApprovalId { get; set; }

    /// <summary>The agent's session, once <see cref="SessionAuthenticationStep"/> resolved it (also set as <see cref="AgentSessionFeature"/> for code outside the data plane).</summary>
    public SessionRecord? Session { get; set; }

    /// <summary>The MCP tool call this request is made for (<c>/mcp</c> or a remote MCP server's <c>tools/call</c>); null for REST requests.</summary>
    public ToolCallFeature? ToolCall { get; set; }

    /// <summary>The JSON body a body-reading rule judges, when <see cref="RuleBodyInspectionStep"/> read it.</summary>
    public InspectedBody? InspectedBody { get; set; }

    /// <summary>The body of a POST to a batch path, when <see cref="RuleBodyInspectionStep"/> read it to judge its sub-requests.</summary>
    public ReadOnlyMemory<byte>? BatchBody { get; set; }

    /// <summary>What the forwarder returned, once it has (<see cref="ForwarderError.None"/> when the response was relayed).</summary>
    public ForwarderError? ForwarderError { get; set; }
}
