namespace Latchkey.Yaml;

/// <summary>One reason a config file was refused, pointing at the file, line and key at fault.</summary>
/// <param name="File">The file name, e.g. <c>providers.yaml</c>.</param>
/// <param name="Line">1-based line, or 0 when the problem concerns the whole file.</param>
/// <param name="Key">Full key path, e.g. <c>providers.mail.upstream</c>.</param>
/// <param name="Message">What is wrong and how to fix it; never contains a secret value.</param>
public sealed record ConfigError(string File, int Line, string Key, string Message)
{
    public override string ToString() => ConfigMessageFormat.Format(File, Line, Key, Message);
}
