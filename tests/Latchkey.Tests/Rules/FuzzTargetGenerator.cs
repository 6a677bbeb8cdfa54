using System.Globalization;
using System.Text;

namespace Latchkey.Tests.Rules;

/// <summary>
/// Seeded generator of hostile request targets: arbitrary bytes (raw and percent-encoded), random
/// UTF-8, and the pieces parsers disagree on (dots, slashes, '%', ';', '\', lookalikes), glued
/// onto prefixes that sit next to the denied subtree. Same seed, same targets.
/// </summary>
public sealed class FuzzTargetGenerator
{
    /// <summary>Environment variable with the seed (an integer, or "random").</summary>
    public const string SeedVariable = "LATCHKEY_FUZZ_SEED";

    /// <summary>Environment variable with the number of in-process cases.</summary>
    public const string CasesVariable = "LATCHKEY_FUZZ_CASES";

    public const int DefaultSeed = 20261122;

    private static readonly string[] Prefixes =
    [
        "/mail/gmail/v1/users/me/", "/mail/gmail/v1/users/me/messages/", "/mail/gmail/v1/users/me/", "/mail/", "/", string.Empty,
    ];

    private static readonly string[] Pieces =
    [
        "/", "/", "/", ".", "..", ".", "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "%25", "%", "%2", "%%", ";", "\\", "?", "#", "&", "=",
        "settings", "SETTINGS", "Settings", "messages", "me", "s", "%73", "%53", "ettings", "~", "@", ":", "+", "-", "_",
        "%00", "%20", "%09", "%0a", "%c0%ae", "%c0%af", "%e0%80%ae", "%ef%bc%8e", "%ef%bc%8f", "%e2%80%a5", "%c5%bf", "%cc%b8",
        "%e2%80%8b", "%ed%a0%80", "%f0%9f%98%80", "%c3%a9", "_method=DELETE", "x", "1",
    ];

    private static readonly string[] BenignPieces =
    [
        "/", "/", "settings", "SETTINGS", "messages", "me", "x", "1", "a.b", ".well-known", "-", "_", "~", "@", ":", "+", "!", "$",
        "%73", "%53", "%41", "%c3%a9", "%e6%97%a5", "%f0%9f%98%80", "%40", "%3a", "%2d", "%7e", "%5b", "%22",
    ];

    private readonly Random _random;

    public FuzzTargetGenerator(int seed) => _random = new Random(seed);

    /// <summary>The seed from <see cref="SeedVariable"/>, a fresh one for "random", else <see cref="DefaultSeed"/>.</summary>
    public static int SeedFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(SeedVariable);
        if (string.Equals(text, "random", StringComparison.OrdinalIgnoreCase))
        {
            return Random.Shared.Next();
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;
    }

    /// <summary>The case count from <see cref="CasesVariable"/>, else <paramref name="fallback"/>.</summary>
    public static int CasesFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cases) && cases > 0
            ? cases
            : fallback;

    /// <summary>One target; each char is one byte of the request line (Latin-1).</summary>
    public string Next()
    {
        var builder = new StringBuilder(Prefixes[_random.Next(Prefixes.Length)]);
        var count = _random.Next(1, 14);

        // Half the targets are mostly plausible paths, so enough are accepted for the invariant to bite.
        var hostility = _random.Next(2) == 0 ? 10 : 60;
        for (var i = 0; i < count; i++)
        {
            if (_random.Next(hostility) >= 10)
            {
                builder.Append(BenignPieces[_random.Next(BenignPieces.Length)]);
                continue;
            }

            switch (_random.Next(10))
            {
                case 0:
                    builder.Append((char)_random.Next(0x21, 0x7F));
                    break;
                case 1:
                    builder.Append('%').Append(_random.Next(256).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                case 2:
                    AppendEncodedCodePoint(builder);
                    break;
                case 3 when _random.Next(8) == 0:
                    builder.Append((char)_random.Next(256));
                    break;
                default:
                    builder.Append(Pieces[_random.Next(Pieces.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private void AppendEncodedCodePoint(StringBuilder builder)
    {
        // Mostly the BMP blocks with lookalikes, sometimes anything, always percent-encoded UTF-8.
        var value = _random.Next(4) switch
        {
            0 => _random.Next(0x80, 0x800),
            1 => _random.Next(0x2000, 0x2400),
            2 => _random.Next(0xFE00, 0x10000),
            _ => _random.Next(0x80, 0x110000),
        };
        if (!Rune.IsValid(value))
        {
            value = 0xFFFD;
        }

        Span<byte> bytes = stackalloc byte[4];
        var length = new Rune(value).EncodeToUtf8(bytes);
        foreach (var b in bytes[..length])
        {
            builder.Append(_random.Next(2) == 0 ? $"%{b:x2}" : $"%{b:X2}");
        }
    }
}
