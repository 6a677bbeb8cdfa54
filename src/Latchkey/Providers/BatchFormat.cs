namespace Latchkey.Providers;

/// <summary>How a provider's batch endpoint packs its sub-requests (providers.yaml <c>batch:</c>, docs/rules-conditions.md "Batch requests").</summary>
public enum BatchFormat
{
    /// <summary>Microsoft Graph JSON <c>$batch</c>: <c>{"requests":[{"id","method","url","headers","body"}]}</c>, urls relative to the version.</summary>
    MicrosoftGraph,

    /// <summary>Google's <c>multipart/mixed</c> batch: one <c>application/http</c> part per request.</summary>
    GoogleMultipart,

    /// <summary>Salesforce composite: <c>{"compositeRequest":[{"method","url","referenceId","body"}]}</c>.</summary>
    SalesforceComposite,

    /// <summary>Salesforce composite batch: <c>{"batchRequests":[{"method","url","richInput"}]}</c>.</summary>
    SalesforceCompositeBatch,

    /// <summary>A batch endpoint Latchkey cannot split: refused unless a rule allows it whole (<c>batch: whole</c>).</summary>
    Unsplittable,
}
