using System.Security.Cryptography;
using System.Text;
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
        var providersDiagnostics = new ConfigDiagnostics(ProvidersFileParser.FileName);
        var rulesDiagnostics = new ConfigDiagnostics(RulesFileParser.FileName);
        var providersBytes = ReadFile(Path.Combine(configDir, ProvidersFileParser.FileName), providersDiagnostics);
        var rulesBytes = ReadFile(Path.Combine(configDir, RulesFileParser.FileName), rulesDiagnostics);
        return Parse(providersBytes, rulesBytes, providersDiagnostics, rulesDiagnostics);
    }

    /// <summary>Validates both files' content; a null array means the file could not be read (already reported).</summary>
    public static ConfigLoadResult Parse(byte[]? providersBytes, byte[]? rulesBytes) =>
        Parse(providersBytes, rulesBytes, new ConfigDiagnostics(ProvidersFileParser.FileName), new ConfigDiagnostics(RulesFileParser.FileName));

    /// <summary>Hex SHA-256 over both files, length-prefixed so that moving bytes between files changes it.</summary>
    public static string ComputeVersion(byte[] providersBytes, byte[] rulesBytes)
    {
        ArgumentNullException.ThrowIfNull(providersBytes);
        ArgumentNullException.ThrowIfNull(rulesBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var bytes in (byte[][])[providersBytes, rulesBytes])
        {
            BitConverter.TryWriteBytes(length, (long)bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static ConfigLoadResult Parse(
        byte[]? providersBytes, byte[]? rulesBytes, ConfigDiagnostics providersDiagnostics, ConfigDiagnostics rulesDiagnostics)
    {
        var providersRoot = providersBytes is null ? null : LoadTree(providersBytes, providersDiagnostics);
        var rulesRoot = rulesBytes is null ? null : LoadTree(rulesBytes, rulesDiagnostics);

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

        var errors = providersDiagnostics.Errors.Concat(rulesDiagnostics.Errors).ToList();
        var warnings = providersDiagnostics.Warnings.Concat(rulesDiagnostics.Warnings).ToList();
        if (errors.Count > 0 || providersBytes is null || rulesBytes is null)
        {
            return ConfigLoadResult.Failure(errors, warnings);
        }

        var snapshot = new ConfigSnapshot
        {
            Providers = providers,
            Rules = rules,
            RulesMode = rulesMode,
            Version = ComputeVersion(providersBytes, rulesBytes),
        };
        return ConfigLoadResult.Success(snapshot, warnings);
    }

    private static byte[]? ReadFile(string path, ConfigDiagnostics diagnostics)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > MaxFileBytes)
            {
                diagnostics.Error(0, string.Empty, $"file is larger than {MaxFileBytes} bytes");
                return null;
            }

            // Read at most one byte past the limit: the file may grow between Length and Read.
            var buffer = new byte[MaxFileBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxFileBytes)
            {
                diagnostics.Error(0, string.Empty, $"file is larger than {MaxFileBytes} bytes");
                return null;
            }

            return buffer[..total];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            diagnostics.Error(0, string.Empty, $"file not found in the config folder ({Path.GetDirectoryName(path)})");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(0, string.Empty, "file cannot be read: " + ex.GetType().Name);
            return null;
        }
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
