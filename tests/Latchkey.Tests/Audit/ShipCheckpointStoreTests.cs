using System.Text;
using Latchkey.Audit;
using Latchkey.Testing;

namespace Latchkey.Tests.Audit;

public sealed class ShipCheckpointStoreTests : IDisposable
{
    private static readonly SegmentName First = new("20261206230000000", 1);
    private static readonly SegmentName Second = new("20261206230500000", 123456);

    private readonly TempRoot _temp = TempRoot.Create("latchkey-audit-");

    private string CheckpointPath => Path.Combine(_temp.Path, ShipCheckpointStore.FileName);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_saved_position_is_loaded_by_the_next_store()
    {
        using (var store = new ShipCheckpointStore(_temp.Path))
        {
            store.Save(new ShipPosition(Second, 987_654_321));
        }

        using var next = new ShipCheckpointStore(_temp.Path);
        Assert.Equal(new ShipPosition(Second, 987_654_321), next.Load());
    }

    [Fact]
    public void A_shorter_record_after_a_longer_one_leaves_no_stale_tail()
    {
        using var store = new ShipCheckpointStore(_temp.Path);
        store.Save(new ShipPosition(Second, long.MaxValue));
        store.Save(new ShipPosition(First, 0));

        Assert.Equal(new ShipPosition(First, 0), store.Load());
        Assert.Equal(ShipCheckpointStore.RecordBytes, new FileInfo(CheckpointPath).Length);
    }

    [Fact]
    public void Each_save_rewrites_the_same_file_in_place_instead_of_replacing_it()
    {
        using var store = new ShipCheckpointStore(_temp.Path);
        store.Save(new ShipPosition(First, 10));

        // A handle opened before the next save sees that save only if the same file was
        // rewritten; a file renamed over the old one would leave this handle on the old record.
        using var reader = new FileStream(CheckpointPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        store.Save(new ShipPosition(Second, 20));

        var buffer = new byte[ShipCheckpointStore.RecordBytes];
        reader.ReadExactly(buffer);
        Assert.Contains(Second.FileName, Encoding.UTF8.GetString(buffer), StringComparison.Ordinal);
        Assert.Equal([ShipCheckpointStore.FileName], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_checkpoint_written_by_an_earlier_version_is_read_and_then_replaced_whole()
    {
        File.WriteAllText(CheckpointPath, $$"""{"segment":"{{Second.FileName}}","offset":4096}""");
        using var store = new ShipCheckpointStore(_temp.Path);
        Assert.Equal(new ShipPosition(Second, 4096), store.Load());

        store.Save(new ShipPosition(First, 7));

        Assert.Equal(new ShipPosition(First, 7), store.Load());
    }

    [Fact]
    public void A_file_longer_than_a_record_is_cut_to_one_record_on_save()
    {
        File.WriteAllText(CheckpointPath, new string(' ', 4 * ShipCheckpointStore.RecordBytes));
        using var store = new ShipCheckpointStore(_temp.Path);

        store.Save(new ShipPosition(First, 3));

        Assert.Equal(ShipCheckpointStore.RecordBytes, new FileInfo(CheckpointPath).Length);
        Assert.Equal(new ShipPosition(First, 3), store.Load());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"segment\":\"audit-2026")]
    [InlineData("{\"segment\":\"not a segment\",\"offset\":1}")]
    [InlineData("{\"segment\":\"x\",\"offset\":-1}")]
    public void An_unreadable_or_torn_checkpoint_loads_as_none(string content)
    {
        File.WriteAllText(CheckpointPath, content);
        using var store = new ShipCheckpointStore(_temp.Path);

        Assert.Null(store.Load());
    }

    [Fact]
    public void A_save_after_dispose_changes_nothing()
    {
        var store = new ShipCheckpointStore(_temp.Path);
        store.Save(new ShipPosition(First, 1));
        store.Dispose();

        store.Save(new ShipPosition(Second, 2));

        using var next = new ShipCheckpointStore(_temp.Path);
        Assert.Equal(new ShipPosition(First, 1), next.Load());
    }
}
