using System.Net;
using System.Net.Sockets;

namespace BackupifyPortal.Features.TrustedBrowsers;

/// <summary>
/// A client address coarsened to its network (IPv4 /24, IPv6 /48): enough for a person to tell home from elsewhere,
/// too little to point at one device. A trusted browser stores only this, never the full address.
/// </summary>
public static class NetworkArea
{
    public static string? Of(string? address)
    {
        if (!IPAddress.TryParse(address, out var ip)) return null;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        var bytes = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24";
        Array.Clear(bytes, 6, bytes.Length - 6);
        return $"{new IPAddress(bytes)}/48";
    }
}
