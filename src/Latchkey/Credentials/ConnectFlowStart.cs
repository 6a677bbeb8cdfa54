namespace Latchkey.Credentials;

/// <summary>A started connect flow: its id for the long poll and Latchkey's link page the user's browser opens.</summary>
public sealed record ConnectFlowStart(string FlowId, string AuthorizeUrl);
