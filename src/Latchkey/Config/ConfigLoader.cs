using System.Security.Cryptography;
using System.Text;
using Latchkey.Providers;
using Latchkey.Rules;
using Latchkey.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Latchkey.Config;

/// <summary>Reads <c>providers.yaml</c> and <c>rules.yaml</c> from a folder into a validated <see cref="ConfigSnapshot"/>.</summary>
internal static class ConfigLoader
{
    /// <summary>Larger files are refused before parsing: a config this big is a mistake or an attack.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ConfigLoadResult Load(string configDir)
    {
        ArgumentNullException.ThrowIfNull(configDir);
        return Parse(ConfigFileSet.Read(configDir));
    }

    /// <summary>Validates the files' content (tools.yaml is optional).</summary>
    public static ConfigLoadResult Parse(byte[] providersBytes, byte[] rulesBytes, byte[] toolsBytes) => Parse(new ConfigFileSet(
        ConfigFileContent.FromBytes(ProvidersFileParser.FileName, providersBytes),
        ConfigFileContent.FromBytes(RulesFileParser.FileName, rulesBytes),
        ConfigFileContent.FromBytes(ToolsFileParser.FileName, toolsBytes)));

    /// <summary>Validates both files' content.</summary>
    public static ConfigLoadResult Parse(byte[] providersBytes, byte[] rulesBytes) => Parse(new ConfigFileSet(
        ConfigFileContent.FromBytes(ProvidersFileParser.FileName, providersBytes),
        ConfigFileContent.FromBytes(RulesFileParser.FileName, rulesBytes)));

    /// <summary>Validates what was read; a file that could not be read is reported and not parsed.</summary>
    public static ConfigLoadResult Parse(ConfigFileSet files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var providersDiagnostics = new ConfigDiagnostics(ProvidersFileParser.FileName);
        var rulesDiagnostics = new ConfigDiagnostics(RulesFileParser.FileName);
        var providersRoot = files.Providers.Bytes is { } providersBytes ? LoadTree(providersBytes, providersDiagnostics) : null;
        var rulesRoot = files.Rules.Bytes is { } rulesBytes ? LoadTree(rulesBytes, rulesDiagnostics) : null;

        var providers = new Dictionary<string, ProviderDefinition>(StringComparer.Ordinal);
        HashSet<string>? declared = null;
        if (providersRoot is { } providersTree)
        {
            (providers, declared) = ProvidersFileParser.Parse(providersTree.Root, providersDiagnostics);
        }

        var rulesMode = RulesMode.Enforce;
        var rules = rulesRoot is { } rulesTree
            ? RulesFileParser.Parse(rulesTree.Root, providers, declared, rulesDiagnostics, out rulesMode)
            : [];

        var toolsDiagnostics = new ConfigDiagnostics(ToolsFileParser.FileName);
        var tools = files.Tools.Bytes is { } toolsBytes && LoadTree(toolsBytes, toolsDiagnostics) is { } toolsTree
            ? ToolsFileParser.Parse(toolsTree.Root, declared, toolsDiagnostics)
            : [];

        var errors = new[] { files.Providers.ReadError }.OfType<ConfigError>().Concat(providersDiagnostics.Errors)
            .Concat(new[] { files.Rules.ReadError }.OfType<ConfigError>()).Concat(rulesDiagnostics.Errors)
            .Concat(new[] { files.Tools.ReadError }.OfType<ConfigError>()).Concat(toolsDiagnostics.Errors)
            .ToList();
        var warnings = providersDiagnostics.Warnings.Concat(rulesDiagnostics.Warnings).Concat(toolsDiagnostics.Warnings).ToList();
        if (errors.Count > 0 || files.Version is null)
        {
            return ConfigLoadResult.Failure(errors, warnings);
        }

        try
        {
            // Building the snapshot compiles its rules once; the parser has checked every template
            // already, so this refusal only guards the two from drifting apart (fail closed).
            var snapshot = new ConfigSnapshot
            {
                Providers = providers,
                Rules = rules,
                RulesMode = rulesMode,
                Tools = tools,
                Version = files.Version,
            };
            return ConfigLoadResult.Success(snapshot, warnings);
        }
        catch (RuleCompilationException ex)
        {
            return ConfigLoadResult.Failure([new ConfigError(RulesFileParser.FileName, 0, "rules", ex.Message)], warnings);
        }
    }

    /// <summary>
    /// Hex SHA-256 over the files, length-prefixed so that moving bytes between files changes it.
    /// An empty (or absent) tools.yaml adds nothing, so a folder without one keeps its version.
    /// </summary>
    public static string ComputeVersion(byte[] providersBytes, byte[] rulesBytes, byte[]? toolsBytes = null)
    {
        ArgumentNullException.ThrowIfNull(providersBytes);
        ArgumentNullException.ThrowIfNull(rulesBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var bytes in toolsBytes is { Length: > 0 } ? (byte[][])[providersBytes, rulesBytes, toolsBytes] : [providersBytes, rulesBytes])
        {
            BitConverter.TryWriteBytes(length, (long)bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Decodes, safety-scans and loads one file. Null when it was refused; Root is null for an empty file.</summary>
    private static Tree? LoadTree(byte[] bytes, ConfigDiagnostics diagnostics)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Error(0, string.Empty, "file is not valid UTF-8");
            return null;
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (!YamlSafetyScanner.Scan(text, diagnostics))
        {
            return null;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return new Tree(stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode);
        }
        catch (YamlException ex)
        {
            diagnostics.Error((int)Math.Min(ex.Start.Line, int.MaxValue), string.Empty, "is not valid YAML");
            return null;
        }
    }

    /// <summary>A loaded document; distinguishes "empty file" from "refused".</summary>
    private sealed record Tree(YamlNode? Root);
}
