using Latchkey.Providers;
using Latchkey.Providers.Presets;
using Latchkey.Rules;
using Latchkey.Tests.Rules.Conditions;

namespace Latchkey.Tests.Rules.Batch;

public sealed class BatchConfigTests
{
    [Fact]
    public void Batch_paths_are_read_with_their_format()
    {
        var graph = BatchRules.Snapshot.Providers["graph"];
        var salesforce = BatchRules.Snapshot.Providers["sf"];

        Assert.Equal([("/v1.0/$batch", BatchFormat.MicrosoftGraph), ("/beta/$batch", BatchFormat.MicrosoftGraph)], graph.BatchEndpoints.Select(e => (e.Path, e.Format)));
        Assert.Same(salesforce.BatchEndpoints[1], ProviderEndpoints.FindBatch(salesforce.BatchEndpoints, "/services/data/v61.0/composite/batch"));
        Assert.Null(ProviderEndpoints.FindBatch(salesforce.BatchEndpoints, "/services/data//composite"));
        Assert.Null(ProviderEndpoints.FindBatch(salesforce.BatchEndpoints, "/services/data/v61.0/composite/batch/x"));
    }

    [Theory]
    [InlineData("microsoft", "/v1.0/$batch", BatchFormat.MicrosoftGraph)]
    [InlineData("microsoft", "/beta/$batch", BatchFormat.MicrosoftGraph)]
    [InlineData("google", "/batch/gmail/v1", BatchFormat.GoogleMultipart)]
    [InlineData("salesforce", "/services/data/v60.0/composite", BatchFormat.SalesforceComposite)]
    [InlineData("salesforce", "/services/data/v60.0/composite/batch", BatchFormat.SalesforceCompositeBatch)]
    [InlineData("salesforce", "/services/data/v60.0/composite/graph", BatchFormat.Unsplittable)]
    public void Presets_declare_their_batch_paths(string preset, string path, BatchFormat format) =>
        Assert.Equal(format, ProviderEndpoints.FindBatch(ProviderPresets.All[preset].BatchEndpoints, path)?.Format);

    [Fact]
    public void A_preset_s_batch_paths_are_made_relative_to_the_upstream_base_path()
    {
        const string Providers = "providers:\n  graph:\n    preset: microsoft\n    upstream: https://graph.microsoft.com/v1.0\n";
        const string Rules = """
            rules:
              - {id: post-anything, provider: graph, methods: [POST], path: '/{**rest}', action: allow}
              - {id: never-delete, provider: graph, methods: [DELETE], path: '/me/messages/{id}', action: deny}
            """;
        var (result, _) = ConditionRules.Load(Rules, Providers);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var graph = result.Snapshot!.Providers["graph"];

        Assert.Equal([("/$batch", BatchFormat.MicrosoftGraph)], graph.BatchEndpoints.Select(e => (e.Path, e.Format)));
        Microsoft.AspNetCore.Http.IHeaderDictionary headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
        headers.ContentType = "application/json";
        var verdict = Latchkey.Rules.RequestJudge.Judge(result.Snapshot.RuleSet, result.Snapshot.Providers, "graph", "POST", "/$batch", new HashSet<string>(),
            headers, body: null, rawBody: System.Text.Encoding.UTF8.GetBytes(BatchRules.Graph(("DELETE", "/me/messages/A"))), trace: null);
        Assert.Equal(Latchkey.Rules.VerdictKind.Denied, verdict.Verdict.Kind);
        Assert.Equal("never-delete", verdict.Verdict.RuleId);
    }

    [Theory]
    [InlineData("batch: {/v1.0/$batch: graph_json}", "providers.graph.batch./v1.0/$batch: must map a path")]
    [InlineData("batch: {/v1.0/$batch?x=1: microsoft_graph}", "providers.graph.batch./v1.0/$batch?x=1: must map a path")]
    [InlineData("batch: {'/services/{Version}/composite': salesforce_composite}", "must map a path")]
    [InlineData("batch: [/v1.0/$batch]", "providers.graph.batch: must be a mapping")]
    public void Invalid_batch_maps_are_load_errors(string batch, string expected)
    {
        var (result, _) = ConditionRules.Load("rules: []", $"providers:\n  graph:\n    upstream: https://graph.microsoft.com\n    {batch}\n");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[POST]", "/v1.0/me/messages", "whole", "does not mark '/v1.0/me/messages' as a batch path")]
    [InlineData("[POST, GET]", "/v1.0/$batch", "whole", "a rule with 'batch: whole' judges a batch POST")]
    [InlineData("[POST]", "/v1.0/$batch", "split", "the only value is 'whole'")]
    public void Invalid_whole_batch_rules_are_load_errors(string methods, string path, string value, string expected)
    {
        var rules = $"rules:\n  - id: r\n    provider: graph\n    methods: {methods}\n    path: {path}\n    batch: {value}\n    action: allow\n";

        var (result, _) = ConditionRules.Load(rules, BatchRules.Providers);

        Assert.Contains(result.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
