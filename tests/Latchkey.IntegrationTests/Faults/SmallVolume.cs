using System.Diagnostics;

namespace Latchkey.IntegrationTests.Faults;

/// <summary>
/// A tmpfs of a given size mounted on a fresh temp folder: a real small (or full) volume for the
/// audit buffer. Needs root, as the test command runs on CI; fails with an instruction otherwise.
/// </summary>
public sealed class SmallVolume : IDisposable
{
    private SmallVolume(string path) => Path = path;

    public string Path { get; }

    public static SmallVolume Mount(int kibibytes)
    {
        var path = Directory.CreateTempSubdirectory("latchkey-volume-").FullName;
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", path);
        Assert.True(code == 0,
            $"mounting a {kibibytes} KiB tmpfs on {path} failed ({output.Trim()}): these tests need root (CI runs them as root; run 'sudo bash scripts/test.sh').");
        return new SmallVolume(path);
    }

    /// <summary>Fills the volume with a file until only about <paramref name="leaveBytes"/> are free.</summary>
    public void FillLeaving(long leaveBytes)
    {
        var free = new DriveInfo(Path).AvailableFreeSpace;
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write);
        var chunk = new byte[4096];
        for (var left = free - leaveBytes; left > 0; left -= chunk.Length)
        {
            filler.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
    }

    /// <summary>Shortens the filler until about <paramref name="freeBytes"/> are free.</summary>
    public void FreeUntil(long freeBytes)
    {
        var missing = freeBytes - new DriveInfo(Path).AvailableFreeSpace;
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Open, FileAccess.Write);
        filler.SetLength(Math.Max(0, filler.Length - Math.Max(0, missing)));
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
