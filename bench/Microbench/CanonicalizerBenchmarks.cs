using BenchmarkDotNet.Attributes;
using Latchkey.Rules;

namespace Latchkey.Microbench;

/// <summary>Time and allocations of canonicalising request targets, common and escaped.</summary>
[MemoryDiagnoser]
public class CanonicalizerBenchmarks
{
    // Instance fields, not constants: BenchmarkDotNet measures instance methods, and the
    // targets then come from memory as a request's would.
    private readonly string _plain = "/mail/gmail/v1/users/me/messages/18c0a3f2e9b1d4a7";
    private readonly string _withQuery = WithQuery;
    private readonly string _escaped = Escaped;
    private readonly string _refused = "/mail/gmail/v1/users/me/messages/..%2fsettings/filters";
    private const string WithQuery = "/mail/gmail/v1/users/me/messages?q=from%3Abob+subject%3Ahi&pageToken=abc&maxResults=50";
    private const string Escaped = "/mail/gmail/v1/users/alice%40example.com/messages/caf%C3%A9";

    private readonly string _queryPath = WithQuery[..WithQuery.IndexOf('?', StringComparison.Ordinal)];
    private readonly string _query = WithQuery[WithQuery.IndexOf('?', StringComparison.Ordinal)..];
    private readonly string _escapedDecoded = "/mail/gmail/v1/users/alice@example.com/messages/café";

    [Benchmark(Baseline = true)]
    public CanonicalTarget PlainPath() => RequestTargetCanonicalizer.Canonicalize(_plain);

    /// <summary>As the middleware calls it: Kestrel's decoded path and raw query passed as hints.</summary>
    [Benchmark]
    public CanonicalTarget PathAndQueryWithHints() => RequestTargetCanonicalizer.Canonicalize(_withQuery, _queryPath, _query);

    [Benchmark]
    public CanonicalTarget PathAndQueryWithoutHints() => RequestTargetCanonicalizer.Canonicalize(_withQuery);

    [Benchmark]
    public CanonicalTarget EscapedWithHint() => RequestTargetCanonicalizer.Canonicalize(_escaped, _escapedDecoded, null);

    [Benchmark]
    public CanonicalTarget EscapedWithoutHint() => RequestTargetCanonicalizer.Canonicalize(_escaped);

    [Benchmark]
    public CanonicalTarget RefusedEncodedSlash() => RequestTargetCanonicalizer.Canonicalize(_refused);
}
