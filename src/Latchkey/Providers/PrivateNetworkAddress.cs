using System.Net;
using System.Net.Sockets;

namespace Latchkey.Providers;

/// <summary>
/// Recognises upstream hosts that are not on the public internet: loopback, link-local, cloud
/// metadata, unspecified, private (RFC 1918, RFC 6598, RFC 4193) and multicast or reserved
/// addresses, and the <c>localhost</c> names (RFC 6761). A provider pointing there is refused at
/// load unless it opts in, so a config slip cannot send real credentials to the metadata service
/// or a loopback admin port.
/// </summary>
internal static class PrivateNetworkAddress
{
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>What kind of non-public host <paramref name="uri"/> names, or null for a public address or an ordinary DNS name.</summary>
    public static string? Describe(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.HostNameType == UriHostNameType.Dns)
        {
            var name = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
            return name switch
            {
                "localhost" => "loopback",
                _ when name.EndsWith(".localhost", StringComparison.Ordinal) => "loopback",
                "metadata.google.internal" => "cloud metadata",
                _ => null,
            };
        }

        // Uri has already normalised the odd IPv4 spellings (2130706433, 0x7f.1, 127.1) to dotted quads.
        return IPAddress.TryParse(uri.DnsSafeHost, out var address) ? Describe(address) : null;
    }

    /// <summary>What kind of non-public address this is, or null when it is public.</summary>
    public static string? Describe(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? DescribeV4(address.GetAddressBytes()) : DescribeV6(address);
    }

    private static string? DescribeV4(byte[] b) => b switch
    {
        [0, ..] => "unspecified",
        [127, ..] => "loopback",
        [169, 254, 169, 254] => "cloud metadata",
        [169, 254, ..] => "link-local",
        [10, ..] => "private",
        [172, >= 16 and <= 31, ..] => "private",
        [192, 168, ..] => "private",
        [100, >= 64 and <= 127, ..] => "private (shared address space)",
        [>= 224, ..] => "multicast or reserved",
        _ => null,
    };

    private static string? DescribeV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "loopback";
        }

        if (new IPAddress(address.GetAddressBytes()).Equals(AwsMetadataV6))
        {
            return "cloud metadata";
        }

        var b = address.GetAddressBytes();
        return b switch
        {
            [0xfe, >= 0x80 and <= 0xbf, ..] => "link-local",
            [0xfe, >= 0xc0, ..] => "private (site-local)",
            [>= 0xfc and <= 0xfd, ..] => "private (unique local)",
            [0xff, ..] => "multicast or reserved",

            // NAT64 (RFC 6052) reaches the embedded IPv4 address.
            [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, ..] => DescribeV4(b[12..]),
            _ => null,
        };
    }
}
