using System.Text;

namespace Latchkey.Tests.Config;

/// <summary>A throw-away config folder holding providers.yaml and rules.yaml.</summary>
internal sealed class TempConfigFolder : IDisposable
{
    public const string BaseProviders = """
        providers:
          mail:
            upstream: https://gmail.googleapis.com
          jira:
            upstream: https://api.atlassian.com
            credential: agent
            agent:
              type: api_key
              key: literal-key
        """;

    public const string BaseRules = "rules: []\n";

    public TempConfigFolder(string? providers = BaseProviders, string? rules = BaseRules)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "latchkey-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        if (providers is not null)
        {
            WriteProviders(providers);
        }

        if (rules is not null)
        {
            WriteRules(rules);
        }
    }

    public string Path { get; }

    public string ProvidersPath => System.IO.Path.Combine(Path, "providers.yaml");

    public string RulesPath => System.IO.Path.Combine(Path, "rules.yaml");

    public void WriteProviders(string text) => File.WriteAllText(ProvidersPath, text, new UTF8Encoding(false));

    public void WriteRules(string text) => File.WriteAllText(RulesPath, text, new UTF8Encoding(false));

    /// <summary>Replaces a file the way editors and deploy tools do: write aside, then rename over.</summary>
    public void ReplaceRulesAtomically(string text)
    {
        var temp = RulesPath + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, RulesPath, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
