namespace Latchkey.Credentials;

/// <summary>A started connect flow: its id for the long poll and the URL the user's browser opens.</summary>
public sealed record ConnectFlowStart(string FlowId, string AuthorizeUrl);
