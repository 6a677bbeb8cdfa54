using System.Text;
using Latchkey.Demo;
using Latchkey.Testing;

namespace Latchkey.Tests.Config;

/// <summary>The rules files Latchkey ships (the repository's <c>config/</c> and the demo's), with their providers.</summary>
internal static class ShippedConfigFiles
{
    public static string RepositoryConfig { get; } = Path.Combine(RepositoryRoot.Path, "config");

    public static TheoryData<string> Names { get; } = new() { "config", "demo" };

    /// <summary>providers.yaml and rules.yaml of a shipped config, as bytes.</summary>
    public static (byte[] Providers, byte[] Rules) Read(string name)
    {
        if (name == "config")
        {
            return (File.ReadAllBytes(Path.Combine(RepositoryConfig, "providers.yaml")), File.ReadAllBytes(Path.Combine(RepositoryConfig, "rules.yaml")));
        }

        var demo = ReadDemo("providers.yaml", "rules.yaml");
        return (demo[0], demo[1]);
    }

    /// <summary>Files the demo writes (providers.yaml, rules.yaml, tools.yaml), as bytes, in the order asked.</summary>
    public static byte[][] ReadDemo(params string[] files)
    {
        var dir = Directory.CreateTempSubdirectory("latchkey-demo-config-").FullName;
        try
        {
            DemoConfigFiles.Write(dir, new Uri("http://127.0.0.1:9/"));
            return [.. files.Select(file => File.ReadAllBytes(Path.Combine(dir, file)))];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Offsets just after each line break: where a writer that writes line by line can stop.</summary>
    public static IEnumerable<int> LineBoundaries(byte[] text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'\n')
            {
                yield return i + 1;
            }
        }
    }

    /// <summary>Offsets where a rule ('- id:' line) starts: cutting there leaves only whole rules.</summary>
    public static IEnumerable<int> RuleBoundaries(byte[] text)
    {
        var marker = Encoding.UTF8.GetBytes("- id:");
        return LineBoundaries(text).Prepend(0).Where(start => text.AsSpan(start).TrimStart((byte)' ').StartsWith(marker));
    }
}
