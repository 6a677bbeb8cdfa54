using Latchkey.Providers;
using Latchkey.Yaml;

namespace Latchkey.Rules.Batch;

/// <summary>
/// Compiles a rule's <c>batch:</c> key at load: only <c>batch: whole</c>, on a POST rule whose path
/// is one of its provider's batch paths as providers.yaml spells it. Such a rule lets a batch
/// through as one request, unsplit: what its sub-requests do is not judged.
/// </summary>
internal static class BatchRuleParser
{
    public const string Key = "batch";
    public const string Whole = "whole";

    /// <summary>True when the rule says <c>batch: whole</c> (and errors were not recorded).</summary>
    public static bool Parse(YamlMappingReader rule, ProviderDefinition? provider, string? path, IReadOnlyList<string> methods)
    {
        var value = rule.String(Key);
        if (value is null)
        {
            return false;
        }

        var diagnostics = rule.Diagnostics;
        var before = diagnostics.Errors.Count;
        var line = rule.LineOfKey(Key);
        if (value != Whole)
        {
            diagnostics.Error(line, rule.KeyPath(Key), "the only value is 'whole': the batch is judged as one request, its sub-requests unjudged");
        }

        if (provider is not null && path is not null && !provider.BatchEndpoints.Any(e => e.Path == path))
        {
            diagnostics.Error(line, rule.KeyPath(Key),
                $"provider '{provider.Name}' does not mark '{path}' as a batch path: add it to the provider's 'batch' map in providers.yaml");
        }

        if (methods.Any(m => m != "POST"))
        {
            diagnostics.Error(rule.LineOfKey("methods"), rule.KeyPath("methods"), "a rule with 'batch: whole' judges a batch POST: use methods: [POST]");
        }

        return diagnostics.Errors.Count == before;
    }
}
