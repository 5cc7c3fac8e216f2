using System.Net;
using System.Net.Sockets;
using McpGateway.Security;

namespace McpGateway.Upstreams;

/// <summary>
/// Opens every TCP connection to an upstream (the <see cref="SocketsHttpHandler.ConnectCallback"/> of
/// <see cref="UpstreamHttpClient"/>): resolves the host now, refuses it when any address is link-local or a cloud metadata
/// service (<see cref="BlockedAddresses"/>, the rule registration applies), and connects only to the addresses it checked.
/// So a name that passed registration and resolves elsewhere later (DNS rebinding) is refused before anything is sent.
/// </summary>
internal sealed class UpstreamConnectGuard
{
    private readonly bool _allowBlocked;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Func<IPAddress, int, CancellationToken, ValueTask<Stream>> _connect;

    /// <param name="allowBlocked"><c>McpGateway:Registration:AllowMetadataAddresses</c>: no address is refused.</param>
    /// <param name="resolve">Resolves a host name (default: DNS).</param>
    /// <param name="connect">Opens a connection to one checked address (default: a TCP socket).</param>
    public UpstreamConnectGuard(bool allowBlocked, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null,
        Func<IPAddress, int, CancellationToken, ValueTask<Stream>>? connect = null)
    {
        _allowBlocked = allowBlocked;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
        _connect = connect ?? ConnectSocketAsync;
    }

    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, cancellationToken).ConfigureAwait(false);
        if (!_allowBlocked && (UpstreamAddressPolicy.IsMetadataHost(host) || addresses.Any(BlockedAddresses.IsBlocked)))
        {
            throw new BlockedUpstreamAddressException(host);
        }
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        Exception? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await _connect(address, endpoint.Port, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException && !cancellationToken.IsCancellationRequested)
            {
                last = e; // the next address (e.g. IPv4 after ::1)
            }
        }
        throw last!;
    }

    private static async ValueTask<Stream> ConnectSocketAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address, port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>An upstream connection refused by <see cref="UpstreamConnectGuard"/>; names the host, never what it resolved to.</summary>
public sealed class BlockedUpstreamAddressException(string host)
    : IOException($"'{host}' resolves to a link-local or cloud metadata address; the gateway does not connect there "
        + "(McpGateway:Registration:AllowMetadataAddresses allows it).");
