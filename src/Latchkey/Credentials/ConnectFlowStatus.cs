namespace Latchkey.Credentials;

/// <summary>Where a connect flow stands, as the long poll reports it.</summary>
public enum ConnectFlowStatus
{
    Pending,
    Completed,
    Failed,
}
