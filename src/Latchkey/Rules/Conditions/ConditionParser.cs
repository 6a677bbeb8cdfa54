using System.Globalization;
using System.Text.RegularExpressions;
using Latchkey.Yaml;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Rules.Conditions;

/// <summary>
/// Compiles a rule's <c>when:</c> list at load, strictly: each condition names exactly one subject
/// (<c>path</c>, <c>query</c>, <c>header</c> or <c>body</c>) and exactly one matcher; unknown keys,
/// bad pointers, bad patterns and out-of-range limits are errors with file and line, like every
/// other rules.yaml error. Nothing here runs code from the file: matchers are a closed set.
/// </summary>
internal static partial class ConditionParser
{
    public const string Key = "when";
    public const int MaxConditions = 32;
    public const int MaxOperands = 256;
    public const int MaxItemConditions = 8;
    public const int MaxPointerTokens = 32;
    public const int MaxLengthLimit = 1_000_000;

    private static readonly string[] Subjects = ["path", "query", "header", "body"];
    private static readonly string[] Matchers = ["equals", "in", "matches", "ends_with", "max_length", "exists", "all_of"];
    private static readonly string[] ConditionKeys = [.. Subjects, .. Matchers, "ignore_case"];
    private static readonly string[] ItemKeys = ["at", .. Matchers.Where(m => m != "all_of"), "ignore_case"];

    // Latchkey replaces or strips these; a condition on them would judge a value never forwarded, or read a secret.
    private static readonly HashSet<string> ForbiddenHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Latchkey-Approval",
    };

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"^\{(?<star>\*{1,2})?(?<name>[A-Za-z_][A-Za-z0-9_]*)\??\}\z", RegexOptions.CultureInvariant)]
    private static partial Regex WholeSegmentParameter();

    /// <summary>The rule's compiled conditions, or null when it has none (or errors were recorded).</summary>
    public static RuleConditions? Parse(YamlMappingReader rule, string? rulePath)
    {
        var sequence = rule.Sequence(Key);
        var diagnostics = rule.Diagnostics;
        var listPath = rule.KeyPath(Key);
        var listLength = "must list 1 to " + MaxConditions + " conditions (leave 'when' out for none)";

        // An empty 'when:' is a condition list cut short, not "no conditions": read as none, it
        // would widen the rule to every request its path matches.
        if (sequence is null)
        {
            if (rule.Written(Key) && !rule.Has(Key))
            {
                diagnostics.Error(rule.LineOfKey(Key), listPath, listLength);
            }

            return null;
        }

        if (sequence.Children.Count is 0 or > MaxConditions)
        {
            diagnostics.Error(YamlMappingReader.LineOf(sequence), listPath, listLength);
            return null;
        }

        var before = diagnostics.Errors.Count;
        var conditions = new List<RuleCondition>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var node = sequence.Children[i];
            var path = $"{listPath}[{i}]";
            if (node is not YamlMappingNode mapping)
            {
                diagnostics.Error(YamlMappingReader.LineOf(node), path, "each condition must be a mapping such as '- body: /channel' with one matcher ('in: [C0123]')");
                continue;
            }

            var condition = ParseCondition(new YamlMappingReader(mapping, path, diagnostics, ConditionKeys), rulePath);
            if (condition is not null)
            {
                conditions.Add(condition);
            }
        }

        return diagnostics.Errors.Count == before ? new RuleConditions(conditions) : null;
    }

    private static RuleCondition? ParseCondition(YamlMappingReader reader, string? rulePath)
    {
        var subjectKey = Single(reader, Subjects, "subject (path, query, header or body)");
        var matcherKey = Single(reader, Matchers, "matcher (equals, in, matches, ends_with, max_length, exists or all_of)");
        if (subjectKey is null || matcherKey is null)
        {
            return null;
        }

        var subject = ParseSubject(reader, subjectKey, rulePath);
        if (matcherKey == "all_of" && subjectKey != "body")
        {
            reader.Diagnostics.Error(reader.LineOfKey("all_of"), reader.KeyPath("all_of"), "applies to a JSON array: use it with 'body'");
            return null;
        }

        var matcher = matcherKey == "all_of" ? ParseAllOf(reader) : ParseMatcher(reader, matcherKey);
        return subject is null || matcher is null ? null : new RuleCondition(subject, matcher, YamlMappingReader.LineOf(reader.Node));
    }

    private static string? Single(YamlMappingReader reader, string[] keys, string what)
    {
        var present = keys.Where(reader.Has).ToList();
        if (present.Count == 1)
        {
            return present[0];
        }

        reader.Diagnostics.Error(YamlMappingReader.LineOf(reader.Node), reader.Path,
            present.Count == 0 ? $"names no {what}" : $"names more than one {what}: {string.Join(", ", present)}");
        return null;
    }

    private static ConditionSubject? ParseSubject(YamlMappingReader reader, string key, string? rulePath)
    {
        var name = reader.String(key, required: true);
        if (name is null)
        {
            return null;
        }

        var line = reader.LineOfKey(key);
        var keyPath = reader.KeyPath(key);
        switch (key)
        {
            case "query":
                return new QueryParameterSubject(name);
            case "header" when !HeaderName().IsMatch(name):
                reader.Diagnostics.Error(line, keyPath, "must be a header name (letters, digits and !#$%&'*+.^_`|~-)");
                return null;
            case "header" when ForbiddenHeaders.Contains(name):
                reader.Diagnostics.Error(line, keyPath, $"'{name}' carries a credential Latchkey replaces; conditions cannot read it");
                return null;
            case "header":
                return new HeaderSubject(name);
            case "body":
                var pointer = ParsePointer(reader, key, name);
                return pointer is null ? null : new BodySubject(pointer);
            default:
                var parameter = FindParameter(rulePath, name);
                if (parameter is null)
                {
                    reader.Diagnostics.Error(line, keyPath,
                        $"'{name}' is not a parameter of this rule's path; name a parameter that is a whole segment, such as {{{name}}}");
                    return null;
                }

                return parameter;
        }
    }

    private static JsonPointer? ParsePointer(YamlMappingReader reader, string key, string text)
    {
        var pointer = JsonPointer.TryParse(text, out var error);
        if (pointer is not null && text.Count(c => c == '/') > MaxPointerTokens)
        {
            error = $"a JSON Pointer may have at most {MaxPointerTokens} tokens";
            pointer = null;
        }

        if (pointer is null)
        {
            reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), error!);
        }

        return pointer;
    }

    private static PathParameterSubject? FindParameter(string? rulePath, string name)
    {
        if (rulePath is null)
        {
            return null;
        }

        var segments = rulePath.TrimStart('/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var match = WholeSegmentParameter().Match(segments[i]);
            if (match.Success && match.Groups["name"].Value == name)
            {
                return new PathParameterSubject(name, i, match.Groups["star"].Success);
            }
        }

        return null;
    }

    private static AllOfMatcher? ParseAllOf(YamlMappingReader reader)
    {
        // Beside all_of it would have no effect (each item condition takes its own): an error, not a silent no-op.
        if (reader.Has("ignore_case"))
        {
            reader.Diagnostics.Error(reader.LineOfKey("ignore_case"), reader.KeyPath("ignore_case"), "does not apply to all_of; give it to the item conditions that compare text");
            return null;
        }

        var sequence = reader.Sequence("all_of", required: true);
        if (sequence is null)
        {
            return null;
        }

        if (sequence.Children.Count is 0 or > MaxItemConditions)
        {
            reader.Diagnostics.Error(YamlMappingReader.LineOf(sequence), reader.KeyPath("all_of"), $"must list 1 to {MaxItemConditions} item conditions");
            return null;
        }

        var items = new List<(JsonPointer, ValueMatcher)>();
        var failed = false;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{reader.KeyPath("all_of")}[{i}]";
            if (sequence.Children[i] is not YamlMappingNode mapping)
            {
                reader.Diagnostics.Error(YamlMappingReader.LineOf(sequence.Children[i]), path, "each item condition must be a mapping such as '- at: /address' with one matcher");
                failed = true;
                continue;
            }

            var item = new YamlMappingReader(mapping, path, reader.Diagnostics, ItemKeys);
            var at = item.Has("at") ? ParsePointer(item, "at", item.String("at") ?? string.Empty) : JsonPointer.TryParse(string.Empty, out _);
            var key = Single(item, [.. Matchers.Where(m => m != "all_of")], "matcher (equals, in, matches, ends_with, max_length or exists)");
            var matcher = key is null ? null : ParseMatcher(item, key);
            if (at is null || matcher is null)
            {
                failed = true;
                continue;
            }

            items.Add((at, matcher));
        }

        return failed ? null : new AllOfMatcher(items);
    }

    private static ValueMatcher? ParseMatcher(YamlMappingReader reader, string key)
    {
        var ignoreCase = ParseBool(reader, "ignore_case") ?? false;
        if (ignoreCase && key is "max_length" or "exists")
        {
            reader.Diagnostics.Error(reader.LineOfKey("ignore_case"), reader.KeyPath("ignore_case"), $"does not apply to {key}");
            return null;
        }

        var line = reader.LineOfKey(key);
        var keyPath = reader.KeyPath(key);
        switch (key)
        {
            case "equals":
                var operand = reader.String(key);
                return operand is null ? null : new EqualsMatcher(key, [operand], ignoreCase);
            case "in":
                var operands = reader.StringList(key);
                if (operands is null)
                {
                    return null;
                }

                if (operands.Count is 0 or > MaxOperands)
                {
                    reader.Diagnostics.Error(line, keyPath, $"must list 1 to {MaxOperands} values");
                    return null;
                }

                return new EqualsMatcher(key, operands, ignoreCase);
            case "matches":
                var pattern = reader.String(key, required: true);
                if (pattern is null)
                {
                    return null;
                }

                var compiled = PatternMatcher.TryCreate(pattern, ignoreCase, out var error);
                if (compiled is null)
                {
                    reader.Diagnostics.Error(line, keyPath, error!);
                }

                return compiled;
            case "ends_with":
                var suffix = reader.String(key, required: true);
                return suffix is null ? null : new EndsWithMatcher(suffix, ignoreCase);
            case "max_length":
                var limit = reader.String(key, required: true);
                if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxLengthLimit)
                {
                    reader.Diagnostics.Error(line, keyPath, $"must be a whole number from 0 to {MaxLengthLimit}");
                    return null;
                }

                return new MaxLengthMatcher(n);
            default:
                var expected = ParseBool(reader, key);
                return expected is null ? null : new ExistsMatcher(expected.Value);
        }
    }

    private static bool? ParseBool(YamlMappingReader reader, string key)
    {
        switch (reader.String(key))
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                reader.Diagnostics.Error(reader.LineOfKey(key), reader.KeyPath(key), "must be true or false");
                return null;
        }
    }
}
