namespace Latchkey.Testing;

/// <summary>
/// A fresh folder under the system temp path for one test's config, audit buffer, data or
/// browser profile, deleted with everything in it when the test ends (or the file a test put in
/// its place). Declare it before the
/// process or browser that uses it, so <c>using</c> disposes that first and nothing holds the
/// files while they are deleted.
/// </summary>
public sealed class TempRoot : IDisposable
{
    private TempRoot(string path) => Path = path;

    public string Path { get; }

    public static TempRoot Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix).FullName);

    public static implicit operator string(TempRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.Path;
    }

    public void Dispose() => DeleteQuietly(Path);

    /// <summary>Deletes a test's folder and everything in it; a leftover must not fail the test that made it.</summary>
    public static void DeleteQuietly(string path)
    {
        // A process that was just stopped may release its files a moment later: retry briefly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
                else if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (attempt == 5)
                {
                    return;
                }

                Thread.Sleep(100);
            }
        }
    }

    public override string ToString() => Path;
}
