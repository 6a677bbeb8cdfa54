using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Latchkey.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Latchkey.IntegrationTests.Security;

/// <summary>
/// Runs every variant of bypass-corpus.tsv through the real server against rules that allow a
/// neighbour of a denied subtree, with a recording upstream: no denied variant may be forwarded.
/// </summary>
public sealed class BypassCorpusTests : IAsyncLifetime
{
    public const string Rules = """
        rules:
          - id: repo.issues
            provider: mail
            methods: [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS]
            path: /repos/{owner}/{repo}/issues/{**rest}
            action: allow
          - id: repo.settings.deny
            provider: mail
            methods: [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS]
            path: /repos/{owner}/{repo}/settings/{**rest}
            action: deny
          - id: me.read
            provider: mail
            methods: [GET, HEAD]
            path: /gmail/v1/users/me/{**rest}
            action: allow
          - id: me.settings.deny
            provider: mail
            methods: [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS]
            path: /gmail/v1/users/me/settings/{**rest}
            action: deny
          - id: projects.batch-get
            provider: mail
            methods: [POST]
            path: /v1/projects/{project}:batchGet
            action: allow
        """;

    private const string MarkerHeader = "X-Corpus-Variant";

    private readonly ITestOutputHelper _output;
    private LatchkeyTestHost _host = null!;
    private CreatedSession _session = null!;

    public BypassCorpusTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _host = LatchkeyTestHost.Start(TestConfigs.Providers, Rules, withSeq: false);
        _session = await _host.CreateSessionAsync("acme", "alice", "bot");
        await _host.SeedUserTokenAsync("acme", "alice", "mail", "ya29.bypass");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Corpus_holds_at_least_500_denied_variants_and_some_controls()
    {
        var variants = BypassCorpus.Load();

        Assert.True(variants.Count(v => v.MustBeDenied) >= 500, $"only {variants.Count(v => v.MustBeDenied)} denied variants");
        Assert.Contains(variants, v => !v.MustBeDenied);
    }

    [Fact]
    public async Task No_denied_variant_is_forwarded()
    {
        var denied = BypassCorpus.Load().Where(v => v.MustBeDenied).ToList();
        var statuses = new ConcurrentDictionary<int, int>();
        var stopwatch = Stopwatch.StartNew();
        _host.Upstream.Reset();
        await Parallel.ForEachAsync(denied, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (variant, _) =>
        {
            var marker = variant.Line.ToString(CultureInfo.InvariantCulture);
            var response = await RawHttp.SendRawAsync(_host.BaseAddress, variant.ToRequest(_host.BaseAddress, _session.Token, marker));
            statuses[variant.Line] = response.Status;
        });

        var reachedUpstream = _host.Upstream.Received
            .Select(e => e.RequestMessage.Headers is { } h && h.TryGetValue(MarkerHeader, out var v) ? v.ToString() : "?")
            .ToHashSet(StringComparer.Ordinal);
        var forwarded = denied
            .Where(v => reachedUpstream.Contains(v.Line.ToString(CultureInfo.InvariantCulture)) || statuses[v.Line] is >= 200 and < 400)
            .Select(v => $"{v} -> {statuses[v.Line]}")
            .ToList();
        if (reachedUpstream.Contains("?"))
        {
            forwarded.Add("the upstream received a request without a corpus marker");
        }

        _output.WriteLine($"{denied.Count} variants, {forwarded.Count} forwarded ({stopwatch.Elapsed.TotalSeconds:F1} s)");
        foreach (var group in statuses.Values.GroupBy(s => s).OrderBy(g => g.Key))
        {
            _output.WriteLine($"  status {group.Key}: {group.Count()}");
        }

        Assert.True(forwarded.Count == 0, "forwarded:\n" + string.Join('\n', forwarded));
    }

    [Fact]
    public async Task Every_control_is_forwarded_as_exactly_the_path_the_rules_matched()
    {
        foreach (var variant in BypassCorpus.Load().Where(v => !v.MustBeDenied))
        {
            _host.Upstream.Reset();
            var response = await RawHttp.SendRawAsync(_host.BaseAddress, variant.ToRequest(_host.BaseAddress, _session.Token, "control"));

            Assert.True(response.Status == 200, $"{variant} -> {response.Status}: {response.Body}");
            var received = Assert.Single(_host.Upstream.Received).RequestMessage;
            var expected = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(variant.ExpectedPath!));
            Assert.Equal(expected, Uri.UnescapeDataString(new Uri(received.Url).AbsolutePath));
            Assert.Equal(variant.Method, received.Method);
            Assert.DoesNotContain(received.Headers!.Keys, k => k.Contains("Override", StringComparison.OrdinalIgnoreCase)
                || k.Equals("X-HTTP-Method", StringComparison.OrdinalIgnoreCase));
        }
    }
}
