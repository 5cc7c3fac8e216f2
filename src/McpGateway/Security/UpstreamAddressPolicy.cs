using System.Net;
using System.Net.Sockets;
using McpGateway.Api;
using McpGateway.Hosting;
using McpGateway.Registry;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>
/// Registering an instance makes the gateway connect somewhere or start a program, so registrations are checked:
/// HTTP endpoints must be http:// or https:// (checked before anything is resolved) and may not be link-local or cloud
/// metadata addresses (<see cref="BlockedAddresses"/>; host names are resolved first) unless
/// <c>McpGateway:Registration:AllowMetadataAddresses</c>; stdio commands must be on <c>AllowedCommands</c> when it is
/// set, and always in the Functions mode. The same address rule is applied again to every connection the gateway opens to an
/// upstream (<c>Upstreams.UpstreamConnectGuard</c>), so a name that resolves differently later is caught too.
/// Refusals name the host as registered, never the addresses it resolved to.
/// </summary>
public sealed class UpstreamAddressPolicy
{
    private static readonly HashSet<string> MetadataHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal", "metadata.goog", "metadata", "metadata.azure.com", "metadata.azure.internal",
        "instance-data", "instance-data.ec2.internal", "metadata.oraclecloud.com", "metadata.tencentyun.com",
    };

    private readonly RegistrationPolicyOptions _options;
    private readonly HostingMode _mode;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public UpstreamAddressPolicy(IOptions<RegistrationPolicyOptions> options, GatewayHosting hosting)
        : this(options, hosting, Dns.GetHostAddressesAsync)
    {
    }

    /// <param name="resolve">Resolves a host name (tests observe and answer the lookups).</param>
    internal UpstreamAddressPolicy(IOptions<RegistrationPolicyOptions> options, GatewayHosting hosting,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        _options = options.Value;
        _mode = hosting.Mode;
        _resolve = resolve;
    }

    /// <summary>Whether <paramref name="host"/> is a cloud metadata service's well-known name.</summary>
    public static bool IsMetadataHost(string host) => MetadataHosts.Contains(host.TrimEnd('.'));

    /// <exception cref="GatewayException">400 when an HTTP endpoint is not an http(s) URL; 403 with the reason when the registration is refused.</exception>
    public async Task CheckAsync(InstanceDefinition instance, CancellationToken cancellationToken)
    {
        if (instance.Transport == InstanceTransports.Stdio)
        {
            CheckCommand(instance.Command);
            return;
        }
        if (instance.Transport != InstanceTransports.Http)
        {
            return; // not a transport the registry accepts: its validation refuses it
        }
        // The scheme first: nothing is looked up for a URL the gateway would never connect to.
        if (!Uri.TryCreate(instance.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw GatewayException.BadRequest("Invalid endpoint", "'endpoint' must be an absolute http:// or https:// URL of an MCP server.");
        }
        if (_options.AllowMetadataAddresses)
        {
            return;
        }
        var host = uri.IdnHost.TrimEnd('.');
        if (IsMetadataHost(host))
        {
            throw Refused($"'{host}' is a cloud metadata service.");
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.HostNameType == UriHostNameType.IPv6 ? host.Trim('[', ']') : host, out var literal))
        {
            if (BlockedAddresses.IsBlocked(literal))
            {
                throw Refused($"'{host}' is a link-local or cloud metadata address.");
            }
            return;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            addresses = await _resolve(host, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Unresolvable now: nothing to connect to yet. The instance stays unhealthy until it resolves (and every
            // connection is checked again when it is opened).
            return;
        }
        if (addresses.Any(BlockedAddresses.IsBlocked))
        {
            // Not which address: what a name resolves to inside the gateway's network is not the caller's business.
            throw Refused($"'{host}' resolves to a link-local or cloud metadata address.");
        }
    }

    public static bool IsBlocked(IPAddress address) => BlockedAddresses.IsBlocked(address);

    private void CheckCommand(string? command)
    {
        var allowed = _options.AllowedCommands;
        if (allowed is null && _mode == HostingMode.Standalone)
        {
            return;
        }
        if (command is null || allowed is null || !allowed.Contains(command, StringComparer.Ordinal))
        {
            throw Refused(allowed is null
                ? $"stdio commands are not allowed in the {_mode} mode unless listed in McpGateway:Registration:AllowedCommands."
                : $"The command '{command}' is not in McpGateway:Registration:AllowedCommands.");
        }
    }

    private static GatewayException Refused(string detail)
        => new(StatusCodes.Status403Forbidden, "Registration refused", detail + " Allow it in the gateway's configuration if intended.",
            "https://mcpgateway.dev/errors/registration-refused");
}
