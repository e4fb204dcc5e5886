using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FeedAggregator.Fetching;

/// <summary>
/// Keeps redirects from reaching into private networks. A feed URL the operator configured may point anywhere
/// (their intent), but a redirect from a public address may not lead to a loopback, private, link-local (cloud
/// metadata), shared or unspecified address unless <c>Fetching:AllowPrivateNetworks</c> is true. The check is made on
/// the address a socket actually connected to, so a host name that resolves differently the second time cannot slip by.
/// </summary>
public sealed class AddressGuard
{
    private readonly bool allowPrivate;
    private readonly IReadOnlyList<(IPAddress Network, int PrefixLength)> countedPublic;
    private readonly ConcurrentDictionary<string, IPAddress> connected = new(StringComparer.OrdinalIgnoreCase);

    public AddressGuard(FetchingOptions options)
    {
        allowPrivate = options.AllowPrivateNetworks;
        countedPublic = options.PublicAddresses.Select(ParseNetwork).ToList();
    }

    /// <summary>True when <paramref name="address"/> is in a private, loopback, link-local, shared or unspecified range.</summary>
    public bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (countedPublic.Any(n => InNetwork(address, n.Network, n.PrefixLength)))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] is 0 or 10 or 127
                || (b[0] == 100 && b[1] is >= 64 and < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || b[0] >= 224;
        }

        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
    }

    /// <summary>
    /// Whether a redirect that left <paramref name="from"/> must be kept out of private networks: unless allowed, when
    /// the address last connected to for it is public or unknown.
    /// </summary>
    public bool GuardsRedirectFrom(Uri from) =>
        !allowPrivate && (connected.GetValueOrDefault(Authority(from.IdnHost, from.Port)) is not { } origin || !IsPrivate(origin));

    private static string Authority(string host, int port) => $"{host}:{port}";

    /// <summary>
    /// Connects a socket for the HTTP handler, remembers where it landed and, when <paramref name="guarded"/>, refuses an
    /// address in a private range.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool guarded, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            var address = ((IPEndPoint)socket.RemoteEndPoint!).Address;
            connected[Authority(endPoint.Host, endPoint.Port)] = address;
            if (guarded && !allowPrivate && IsPrivate(address))
            {
                throw new PrivateAddressException(endPoint.Host, address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static (IPAddress, int) ParseNetwork(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(slash < 0 ? text : text[..slash]);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return (address, slash < 0 ? bits : int.Parse(text[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int prefixLength)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = prefixLength / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = prefixLength % 8;
        return rest == 0 || (a[whole] >> (8 - rest)) == (n[whole] >> (8 - rest));
    }
}

/// <summary>A redirect led to an address in a private range; the connection was closed before anything was sent.</summary>
public sealed class PrivateAddressException(string host, IPAddress address)
    : IOException($"{host} resolved to {address}, a private address, which a redirect from a public address may not reach; set Fetching:AllowPrivateNetworks to allow it");
