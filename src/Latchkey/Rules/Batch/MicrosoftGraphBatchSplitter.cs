using System.Text.Json;

namespace Latchkey.Rules.Batch;

/// <summary>
/// Splits a Microsoft Graph JSON batch (<c>POST /v1.0/$batch</c>,
/// https://learn.microsoft.com/graph/json-batching): <c>{"requests":[{"id","method","url","headers","body","dependsOn"}]}</c>.
/// A url is relative to the batch's version, so <c>/me/messages</c> sent to <c>/beta/$batch</c> is judged as <c>/beta/me/messages</c>.
/// </summary>
internal static class MicrosoftGraphBatchSplitter
{
    private static readonly string[] RootKeys = ["requests"];
    private static readonly string[] RequestKeys = ["id", "method", "url", "headers", "body", "dependsOn", "atomicityGroup"];

    public static BatchSplit Split(JsonElement root, string batchPath)
    {
        var problem = BatchJson.Entries(root, "requests", RootKeys, out var entries);
        if (problem is not null)
        {
            return BatchSplit.Refused(problem);
        }

        // The batch path matches with one trailing '/' ignored (as a rule template does): '/v1.0/$batch/' is under /v1.0 too.
        var path = batchPath.EndsWith('/') ? batchPath[..^1] : batchPath;
        var version = path[..path.LastIndexOf('/')];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var requests = new List<BatchSubRequest>(entries.GetArrayLength());
        foreach (var entry in entries.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !BatchJson.HasOnly(entry, RequestKeys))
            {
                return BatchSplit.Refused("each of 'requests' must be an object of id, method, url, headers, body and dependsOn");
            }

            var id = BatchJson.Text(entry, "id");
            var method = BatchJson.Text(entry, "method");
            var url = BatchJson.Text(entry, "url");
            if (id is null || method is null || url is null)
            {
                return BatchSplit.Refused("each of 'requests' must give 'id', 'method' and 'url' as strings");
            }

            if (!ids.Add(id))
            {
                return BatchSplit.Refused("two of 'requests' share an 'id'");
            }

            problem = BatchTarget.Problem(url);
            var headers = BatchJson.Headers(BatchJson.Member(entry, "headers"), out var headerProblem);
            if (problem is not null || headers is null)
            {
                return BatchSplit.Refused(problem ?? headerProblem!);
            }

            var target = version + (url.StartsWith('/') ? url : "/" + url);
            requests.Add(new BatchSubRequest(requests.Count, id, method, target, headers, BatchJson.Body(BatchJson.Member(entry, "body"), headers)));
        }

        return BatchSplit.Of(requests);
    }
}
