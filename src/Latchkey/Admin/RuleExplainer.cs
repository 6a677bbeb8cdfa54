using System.Text;
using Latchkey.Config;
using Latchkey.Rules;
using Latchkey.Rules.Conditions;

namespace Latchkey.Admin;

/// <summary>
/// Answers "what would the data plane do with this request?" by asking <see cref="RequestJudge"/>,
/// the code the data plane runs, in its order, on the snapshot in force; this only shapes the answer.
/// </summary>
internal static class RuleExplainer
{
    public static ExplainResponse Explain(ConfigSnapshot config, string provider, string method, string path, IReadOnlySet<string> scopes) =>
        Explain(config, provider, method, path, scopes, headers: null, body: null);

    /// <param name="headers">The request's headers, for header conditions and the body's Content-Type (default application/json).</param>
    /// <param name="body">The body's exact bytes, or null for none: judged by the same strict reader as the data plane's.</param>
    public static ExplainResponse Explain(
        ConfigSnapshot config, string provider, string method, string path, IReadOnlySet<string> scopes,
        IHeaderDictionary? headers, byte[]? body)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (body is not null && !(headers?.ContentType.Count > 0))
        {
            // The body's Content-Type defaults to JSON, for a batch's splitter as for the conditions.
            headers ??= new HeaderDictionary();
            headers.ContentType = "application/json";
        }

        using var inspected = body is null ? null : StrictJsonBody.Read(body, headers!.ContentType.ToString(), headers.ContentEncoding);
        var trace = new ConditionTrace();
        var judged = RequestJudge.Judge(config.RuleSet, config.Providers, provider, method, path, scopes, headers, inspected, body, trace);
        return Answer(judged.Verdict, trace) with { Reason = judged.Reason, SubRequests = judged.SubRequests, SubRequest = judged.DecidingIndex };
    }

    /// <summary>The answer for a verdict and the conditions <paramref name="trace"/> saw fail.</summary>
    public static ExplainResponse Answer(RequestVerdict verdict, ConditionTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return new(verdict.Code, verdict.RuleId, verdict.Reason,
            verdict.Kind == VerdictKind.InsufficientScope ? verdict.RequiredScopes : null,
            trace.Failures.Count > 0 ? trace.Failures : null);
    }

    /// <summary>The headers of an explain request, as a request would carry them (one line each).</summary>
    public static IHeaderDictionary? Headers(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return null;
        }

        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return dictionary;
    }

    /// <summary>An explain body: a JSON string is the body's exact text; any other JSON value is the body.</summary>
    public static byte[]? Body(System.Text.Json.JsonElement? body) => body switch
    {
        null => null,
        { ValueKind: System.Text.Json.JsonValueKind.String } text => Encoding.UTF8.GetBytes(text.GetString()!),
        { } value => Encoding.UTF8.GetBytes(value.GetRawText()),
    };
}
