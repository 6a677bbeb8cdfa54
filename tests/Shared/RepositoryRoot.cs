namespace Latchkey.Testing;

/// <summary>The repository the tests were built from: the folder above the test binaries that holds proxy.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "proxy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("proxy.sln not found above " + AppContext.BaseDirectory);
    }
}
