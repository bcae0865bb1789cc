using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ingestor.Collect.Http;

/// <summary>An address the guard refused to connect to, and why.</summary>
public sealed class AddressRefusedException(string message) : Exception(message);

/// <summary>
/// The SSRF guard: decides whether an IP address may be connected to for a URL that came from content.
/// Refuses loopback, private (RFC 1918, IPv6 ULA), link-local, CGNAT, multicast, unspecified, reserved and
/// cloud metadata addresses unless an operator lists them in <see cref="FetchOptions.AllowedNetworks"/>.
/// </summary>
public sealed class AddressGuard
{
    private static readonly (IPNetwork Network, string Kind)[] Forbidden =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "CGNAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "reserved"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "reserved"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fc00::/7"), "private"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    // Metadata services that sit outside the ranges above (169.254.169.254 is link-local already).
    private static readonly HashSet<IPAddress> Metadata =
    [
        IPAddress.Parse("168.63.129.16"),
        IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("fd00:ec2::254"),
    ];

    private readonly List<IPNetwork> _allowed;

    public AddressGuard(IEnumerable<string> allowedNetworks)
    {
        _allowed = [.. allowedNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(ParseNetwork)];
    }

    /// <summary>Parses "127.0.0.1" or "10.0.0.0/8".</summary>
    /// <exception cref="FormatException">Neither an address nor a CIDR network.</exception>
    public static IPNetwork ParseNetwork(string text)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }
        if (IPAddress.TryParse(text, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }
        throw new FormatException($"'{text}' is neither an IP address nor a CIDR network");
    }

    /// <summary>Null when the address may be reached; otherwise what kind of address it is.</summary>
    public string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (_allowed.Any(n => n.Contains(address)))
        {
            return null;
        }
        if (Metadata.Contains(address))
        {
            return "cloud metadata";
        }
        foreach (var (network, kind) in Forbidden)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return kind;
            }
        }
        return null;
    }

    /// <summary>Resolves a host name (or reads an address literal) and keeps the addresses the guard allows.</summary>
    /// <exception cref="AddressRefusedException">Every address the name resolves to is refused.</exception>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, bool guarded, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(host, cancellationToken);
        if (!guarded)
        {
            return addresses;
        }
        var allowed = addresses.Where(a => Refusal(a) is null).ToArray();
        if (allowed.Length == 0)
        {
            var first = addresses[0];
            throw new AddressRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"{host} resolves to {first} ({Refusal(first)} address); content URLs may not reach it (allow it in Fetch:AllowedNetworks)"));
        }
        return allowed;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }
        var resolved = await Dns.GetHostAddressesAsync(bare, cancellationToken);
        return resolved.Length > 0 ? resolved : throw new AddressRefusedException($"{host} resolves to no address");
    }

    /// <summary>
    /// The connect step of the fetch handlers: resolves, checks, and connects to a checked address, so a
    /// name that re-resolves to somewhere else between check and connect (DNS rebinding) gains nothing.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool guarded, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAllowedAsync(endpoint.Host, guarded, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
