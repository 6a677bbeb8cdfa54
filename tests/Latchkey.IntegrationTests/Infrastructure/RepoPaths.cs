namespace Latchkey.IntegrationTests.Infrastructure;

/// <summary>Finds files of the repository the tests were built from.</summary>
public static class RepoPaths
{
    public static string Root => Latchkey.Testing.RepositoryRoot.Path;

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
}
