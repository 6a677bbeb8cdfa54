using System.Text.Json;

namespace Latchkey.Rules.Batch;

/// <summary>
/// Splits Salesforce composite (<c>{"compositeRequest":[{"method","url","referenceId","body","httpHeaders"}]}</c>)
/// and composite batch (<c>{"batchRequests":[{"method","url","richInput"}]}</c>) bodies. A url is a
/// path such as <c>/services/data/v60.0/sobjects/Account</c>; one without the leading '/' (composite
/// batch's <c>v60.0/sobjects/Account</c>) is under <c>/services/data/</c>. A reference such as
/// <c>@{NewAccount.id}</c> in a url is left for the canonicaliser, which refuses its braces.
/// </summary>
internal static class SalesforceCompositeSplitter
{
    private const string DataRoot = "/services/data/";

    private static readonly string[] CompositeRootKeys = ["compositeRequest", "allOrNone", "collateSubrequests"];
    private static readonly string[] CompositeKeys = ["method", "url", "referenceId", "body", "httpHeaders"];
    private static readonly string[] BatchRootKeys = ["batchRequests", "haltOnError"];
    private static readonly string[] BatchKeys = ["method", "url", "richInput"];

    public static BatchSplit SplitComposite(JsonElement root) =>
        Split(root, "compositeRequest", CompositeRootKeys, CompositeKeys, idName: "referenceId", bodyName: "body", headersName: "httpHeaders");

    public static BatchSplit SplitBatch(JsonElement root) =>
        Split(root, "batchRequests", BatchRootKeys, BatchKeys, idName: null, bodyName: "richInput", headersName: null);

    private static BatchSplit Split(
        JsonElement root, string name, string[] rootKeys, string[] keys, string? idName, string bodyName, string? headersName)
    {
        var problem = BatchJson.Entries(root, name, rootKeys, out var entries);
        if (problem is not null)
        {
            return BatchSplit.Refused(problem);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var requests = new List<BatchSubRequest>(entries.GetArrayLength());
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !BatchJson.HasOnly(entry, keys))
            {
                return BatchSplit.Refused($"each of '{name}' must be an object of {string.Join(", ", keys)}");
            }

            var id = idName is null ? null : BatchJson.Text(entry, idName);
            var method = BatchJson.Text(entry, "method");
            var url = BatchJson.Text(entry, "url");
            if (method is null || url is null || (idName is not null && (id is null || !ids.Add(id))))
            {
                return BatchSplit.Refused($"each of '{name}' must give 'method' and 'url' as strings" + (idName is null ? string.Empty : $" and a unique '{idName}'"));
            }

            string? headerProblem = null;
            problem = BatchTarget.Problem(url);
            var headers = headersName is null ? new HeaderDictionary() : BatchJson.Headers(BatchJson.Member(entry, headersName), out headerProblem);
            if (problem is not null || headers is null)
            {
                return BatchSplit.Refused(problem ?? headerProblem!);
            }

            var target = url.StartsWith('/') ? url : DataRoot + url;
            requests.Add(new BatchSubRequest(requests.Count, id, method, target, headers, BatchJson.Body(BatchJson.Member(entry, bodyName), headers)));
        }

        return BatchSplit.Of(requests);
    }
}
