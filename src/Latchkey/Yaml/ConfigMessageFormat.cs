using System.Globalization;

namespace Latchkey.Yaml;

/// <summary>The single <c>file:line: key: message</c> format shared by errors and warnings.</summary>
internal static class ConfigMessageFormat
{
    public static string Format(string file, int line, string key, string message)
    {
        var location = line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}") : file;
        return key.Length > 0 ? $"{location}: {key}: {message}" : $"{location}: {message}";
    }
}
