namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Finds files of the repository the tests were built from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built app, in the same configuration as these tests.</summary>
    public static string AppDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Release"
                : "Debug";
            return Path.Combine(Root, "src", "Latchkey", "bin", configuration, "net10.0", "latchkey.dll");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "proxy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("proxy.sln not found above " + AppContext.BaseDirectory);
    }
}
