using System.Text;
using Latchkey.Config;

namespace Latchkey.Tests.Config;

/// <summary>
/// Reading one config file, which the watcher does for every file four times a second: the
/// content comes back byte for byte, and reading a small file costs about its size, not the
/// 1 MiB limit (a large-object allocation per read was two full collections a second).
/// </summary>
public sealed class ConfigFileContentTests : IDisposable
{
    private readonly TempConfigFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_is_read_byte_for_byte_with_its_stamp()
    {
        var text = "rules:\n  - id: a\n    provider: mail\n    methods: [GET]\n    path: /x\n    action: deny\n";
        _folder.WriteRules(text);

        var content = ConfigFileContent.Read(_folder.Path, "rules.yaml");

        Assert.Null(content.ReadError);
        Assert.Equal(Encoding.UTF8.GetBytes(text), content.Bytes);
        Assert.Equal(text.Length, content.Stamp.Length);
        Assert.False(content.ChangedWhileRead);
    }

    [Fact]
    public void An_empty_file_reads_as_no_bytes()
    {
        _folder.WriteRules(string.Empty);

        var content = ConfigFileContent.Read(_folder.Path, "rules.yaml");

        Assert.Null(content.ReadError);
        Assert.Empty(content.Bytes!);
    }

    [Fact]
    public void A_file_at_the_limit_is_read_and_one_past_it_is_refused()
    {
        _folder.WriteRules(new string('#', ConfigLoader.MaxFileBytes));
        var atLimit = ConfigFileContent.Read(_folder.Path, "rules.yaml");
        _folder.WriteRules(new string('#', ConfigLoader.MaxFileBytes + 1));
        var pastLimit = ConfigFileContent.Read(_folder.Path, "rules.yaml");

        Assert.Equal(ConfigLoader.MaxFileBytes, atLimit.Bytes!.Length);
        Assert.Null(pastLimit.Bytes);
        Assert.Contains("larger than", pastLimit.ReadError!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_small_file_allocates_about_its_size_not_the_limit()
    {
        _folder.WriteRules("rules: []\n" + new string('#', 4000) + "\n");
        _ = ConfigFileContent.Read(_folder.Path, "rules.yaml");

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = ConfigFileContent.Read(_folder.Path, "rules.yaml");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64 * 1024, $"reading a 4 KB file allocated {allocated} bytes");
    }

    [Fact]
    public void Reading_the_whole_config_set_allocates_no_large_object()
    {
        _ = ConfigFileSet.Read(_folder.Path);

        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = ConfigFileSet.Read(_folder.Path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 85_000, $"one poll of the config files allocated {allocated} bytes");
    }
}
