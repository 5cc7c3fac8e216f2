using System.Net;
using System.Net.Sockets;
using McpGateway.Api;
using McpGateway.Hosting;
using McpGateway.Registry;
using Microsoft.Extensions.Options;

namespace McpGateway.Security;

/// <summary>
/// Registering an instance makes the gateway connect somewhere or start a program, so registrations are checked:
/// HTTP endpoints may not be link-local or cloud metadata addresses (host names are resolved first) unless
/// <c>McpGateway:Registration:AllowMetadataAddresses</c>; stdio commands must be on <c>AllowedCommands</c> when it is
/// set, and always in the Functions mode.
/// </summary>
public sealed class UpstreamAddressPolicy(IOptions<RegistrationPolicyOptions> options, GatewayHosting hosting)
{
    private static readonly HashSet<string> MetadataHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal", "metadata.goog", "metadata", "metadata.azure.com", "metadata.azure.internal",
        "instance-data", "instance-data.ec2.internal", "metadata.oraclecloud.com", "metadata.tencentyun.com",
    };

    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), IPAddress.Parse("169.254.170.2"), IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("192.0.0.192"), IPAddress.Parse("fd00:ec2::254"),
    ];

    private readonly RegistrationPolicyOptions _options = options.Value;
    private readonly HostingMode _mode = hosting.Mode;

    /// <exception cref="GatewayException">403 with the reason when the registration is refused.</exception>
    public async Task CheckAsync(InstanceDefinition instance, CancellationToken cancellationToken)
    {
        if (instance.Transport == InstanceTransports.Stdio)
        {
            CheckCommand(instance.Command);
            return;
        }
        if (_options.AllowMetadataAddresses || !Uri.TryCreate(instance.Endpoint, UriKind.Absolute, out var uri))
        {
            return;
        }
        var host = uri.IdnHost.TrimEnd('.');
        if (MetadataHosts.Contains(host))
        {
            throw Refused($"'{host}' is a cloud metadata service.");
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.HostNameType == UriHostNameType.IPv6 ? host.Trim('[', ']') : host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Unresolvable now: nothing to connect to yet. The instance stays unhealthy until it resolves.
                return;
            }
        }
        foreach (var address in addresses)
        {
            if (IsBlocked(address))
            {
                throw Refused($"'{host}' resolves to {address}, a link-local or cloud metadata address.");
            }
        }
    }

    public static bool IsBlocked(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (MetadataAddresses.Any(m => m.Equals(address)))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes[0] == 169 && bytes[1] == 254;
        }
        return address.IsIPv6LinkLocal;
    }

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
