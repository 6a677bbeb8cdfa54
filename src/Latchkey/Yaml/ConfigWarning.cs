namespace Latchkey.Yaml;

/// <summary>Something in a valid config the operator should know about, e.g. an unset environment variable.</summary>
public sealed record ConfigWarning(string File, int Line, string Key, string Message)
{
    public override string ToString() => ConfigMessageFormat.Format(File, Line, Key, Message);
}
