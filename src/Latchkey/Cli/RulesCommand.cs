using System.Text.Json;
using Latchkey.Admin;
using Latchkey.Config;
using Latchkey.Rules;

namespace Latchkey.Cli;

/// <summary>
/// <c>latchkey rules lint &lt;dir&gt;</c>, <c>latchkey rules packs</c> and <c>latchkey rules explain &lt;provider&gt; &lt;METHOD&gt; &lt;path&gt;</c> (or <c>--tool &lt;name&gt;</c>):
/// the config validation and the data plane's decision, runnable in a security team's CI on a
/// pull request without starting the proxy.
/// </summary>
internal static class RulesCommand
{
    public const int Success = 0;
    public const int Refused = 1;
    public const int UsageError = 2;

    private const string Usage = """
        usage:
          latchkey rules lint [<config-dir>]
              validate providers.yaml and rules.yaml; exit 0 when valid, 1 when not; warn (exit 0)
              about allow rules overlapping deny/approve rules, deny/approve rules missing
              'name.<ext>', and rule paths that can never match what they spell; list the rules
              that include: added from rule packs
          latchkey rules packs
              list the built-in rule packs a rules.yaml can include:, with every rule
          latchkey rules explain <provider> <METHOD> <path> [--scopes a,b] [--config <config-dir>]
                                 [--header 'Name: value']... [--body <file>]
              print the data plane's decision as JSON; exit 0 when allowed, 1 when not; --header
              and --body (the file's exact bytes) feed rules with conditions (docs/rules-conditions.md)
          latchkey rules explain --tool <name> [--provider <provider>] [--arguments '<json object>']
                                 [--scopes a,b] [--config <config-dir>]
              the same for an MCP tool call: a tool of tools.yaml (its arguments checked and mapped
              onto its provider request), or with --provider a kind: mcp provider's tool (docs/mcp.md)
        <config-dir> defaults to ./config
        """;

    public static bool IsInvocation(string[] args) => args is ["rules", ..];

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        return args switch
        {
            ["rules", "lint"] => Lint("config", output, error),
            ["rules", "lint", var dir] => Lint(dir, output, error),
            ["rules", "packs"] => Packs(output),
            ["rules", "explain", "--tool", var tool, .. var options] => ExplainTool(tool, options, output, error),
            ["rules", "explain", var provider, var method, var path, .. var options] => Explain(provider, method, path, options, output, error),
            _ => WriteUsage(error),
        };
    }

    private static int Lint(string dir, TextWriter output, TextWriter error)
    {
        var result = ConfigLoader.Load(dir);
        foreach (var warning in result.Warnings)
        {
            output.WriteLine("warning: " + warning);
        }

        if (!result.Succeeded)
        {
            foreach (var problem in result.Errors)
            {
                error.WriteLine(problem);
            }

            error.WriteLine($"{result.Errors.Count} error(s) in {dir}");
            return Refused;
        }

        foreach (var warning in RuleLinter.Lint(result.Snapshot.Rules))
        {
            output.WriteLine("warning: " + warning);
        }

        RulePackListing.WriteIncluded(result.Snapshot.Rules, output);
        output.WriteLine($"ok: {result.Snapshot.Providers.Count} providers, {result.Snapshot.Rules.Count} rules, version {result.Snapshot.Version}");
        return Success;
    }

    private static int Packs(TextWriter output)
    {
        RulePackListing.WriteCatalog(output);
        return Success;
    }

    private static int Explain(string provider, string method, string path, string[] options, TextWriter output, TextWriter error)
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        var dir = "config";
        var headers = new HeaderDictionary();
        byte[]? body = null;
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--header" when i + 1 < options.Length && options[i + 1].IndexOf(':', StringComparison.Ordinal) > 0:
                    var header = options[++i];
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Append(header[..colon].Trim(), header[(colon + 1)..].Trim());
                    break;
                case "--body" when i + 1 < options.Length:
                    var file = options[++i];
                    if (!File.Exists(file))
                    {
                        error.WriteLine($"--body: no such file '{file}'");
                        return UsageError;
                    }

                    try
                    {
                        body = File.ReadAllBytes(file);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        error.WriteLine($"--body: cannot read '{file}' ({ex.GetType().Name})");
                        return UsageError;
                    }

                    break;
                default:
                    if (!TryReadCommon(options, ref i, scopes, ref dir))
                    {
                        return WriteUsage(error);
                    }

                    break;
            }
        }

        var config = LoadConfig(dir, error);
        return config is null
            ? UsageError
            : Print(RuleExplainer.Explain(config, provider, method, path, scopes, headers.Count > 0 ? headers : null, body), output);
    }

    private static int ExplainTool(string tool, string[] options, TextWriter output, TextWriter error)
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        var dir = "config";
        string? provider = null;
        JsonElement? arguments = null;
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--provider" when i + 1 < options.Length:
                    provider = options[++i];
                    break;
                case "--arguments" when i + 1 < options.Length:
                    try
                    {
                        using var parsed = JsonDocument.Parse(options[++i]);
                        arguments = parsed.RootElement.Clone();
                    }
                    catch (JsonException)
                    {
                        error.WriteLine("--arguments: not JSON");
                        return UsageError;
                    }

                    break;
                default:
                    if (!TryReadCommon(options, ref i, scopes, ref dir))
                    {
                        return WriteUsage(error);
                    }

                    break;
            }
        }

        var config = LoadConfig(dir, error);
        return config is null ? UsageError : Print(ToolCallExplainer.Explain(config, provider, tool, arguments, scopes), output);
    }

    /// <summary>The options both explain forms take: <c>--scopes a,b</c> and <c>--config dir</c>.</summary>
    private static bool TryReadCommon(string[] options, ref int i, HashSet<string> scopes, ref string dir)
    {
        if (i + 1 >= options.Length)
        {
            return false;
        }

        switch (options[i])
        {
            case "--scopes":
                scopes.UnionWith(options[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                return true;
            case "--config":
                dir = options[++i];
                return true;
            default:
                return false;
        }
    }

    private static int Print(ExplainResponse answer, TextWriter output)
    {
        output.WriteLine(JsonSerializer.Serialize(answer, ManagementJson.Options));
        return answer.Decision == RequestVerdict.AllowedCode ? Success : Refused;
    }

    private static ConfigSnapshot? LoadConfig(string dir, TextWriter error)
    {
        var result = ConfigLoader.Load(dir);
        if (!result.Succeeded)
        {
            foreach (var problem in result.Errors)
            {
                error.WriteLine(problem);
            }

            return null;
        }

        return result.Snapshot;
    }

    private static int WriteUsage(TextWriter error)
    {
        error.WriteLine(Usage);
        return UsageError;
    }
}
