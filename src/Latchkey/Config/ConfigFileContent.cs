using Latchkey.Yaml;

namespace Latchkey.Config;

/// <summary>One config file as read from disk: its bytes and stamp, or why it could not be read.</summary>
internal sealed class ConfigFileContent
{
    private const int MaxFileBytes = ConfigLoader.MaxFileBytes;

    private ConfigFileContent(string fileName, byte[]? bytes, FileStamp stamp, bool changedWhileRead, ConfigError? readError)
    {
        FileName = fileName;
        Bytes = bytes;
        Stamp = stamp;
        ChangedWhileRead = changedWhileRead;
        ReadError = readError;
    }

    public string FileName { get; }

    /// <summary>The content; null when the file could not be read (see <see cref="ReadError"/>).</summary>
    public byte[]? Bytes { get; }

    /// <summary>Length and last write time after reading; default when the file could not be opened.</summary>
    public FileStamp Stamp { get; }

    /// <summary>The file's stamp moved while it was being read: the bytes may mix two versions.</summary>
    public bool ChangedWhileRead { get; }

    public ConfigError? ReadError { get; }

    public static ConfigFileContent Read(string configDir, string fileName)
    {
        var path = Path.Combine(configDir, fileName);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var before = FileStamp.Of(stream.SafeFileHandle);
            if (before.Length > MaxFileBytes)
            {
                return Failed(fileName, $"file is larger than {MaxFileBytes} bytes", before);
            }

            // Read at most one byte past the limit: the file may grow between Length and Read.
            var buffer = new byte[MaxFileBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            var after = FileStamp.Of(stream.SafeFileHandle);
            return total > MaxFileBytes
                ? Failed(fileName, $"file is larger than {MaxFileBytes} bytes", after)
                : new ConfigFileContent(fileName, buffer[..total], after, before != after || total != after.Length, null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed(fileName, $"file not found in the config folder ({configDir})", default);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(fileName, "file cannot be read: " + ex.GetType().Name, default);
        }
    }

    /// <summary>Like <see cref="Read"/>, for a file that may be absent: an absent file reads as empty.</summary>
    public static ConfigFileContent ReadOptional(string configDir, string fileName) =>
        File.Exists(Path.Combine(configDir, fileName)) ? Read(configDir, fileName) : FromBytes(fileName, []);

    /// <summary>Content given directly, as if read from a file that did not change.</summary>
    public static ConfigFileContent FromBytes(string fileName, byte[] bytes) =>
        new(fileName, bytes, new FileStamp(bytes.Length, default), false, null);

    private static ConfigFileContent Failed(string fileName, string message, FileStamp stamp) =>
        new(fileName, null, stamp, false, new ConfigError(fileName, 0, string.Empty, message));
}
