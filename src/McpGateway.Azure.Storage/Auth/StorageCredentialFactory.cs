using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace McpGateway.Azure.Storage.Auth;

/// <summary>
/// Builds the Entra ID credential from Azure Functions' identity-based connection settings
/// (<c>&lt;prefix&gt;__credential</c>, <c>__clientId</c>, <c>__tenantId</c>, <c>__clientSecret</c>).
/// </summary>
internal static class StorageCredentialFactory
{
    public static TokenCredential Create(IConfigurationSection section)
    {
        string? credential = section["credential"];
        string? clientId = NullIfEmpty(section["clientId"]);
        string? tenantId = NullIfEmpty(section["tenantId"]);
        string? clientSecret = NullIfEmpty(section["clientSecret"]);

        if (string.Equals(credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            ManagedIdentityId id = clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId);
            return new ManagedIdentityCredential(id);
        }

        if (!string.IsNullOrEmpty(credential))
        {
            throw new InvalidOperationException($"'{section.Path}:credential' must be 'managedidentity' or absent (found another value).");
        }

        if (clientSecret is not null && tenantId is not null && clientId is not null)
        {
            return new ClientSecretCredential(tenantId, clientId, clientSecret);
        }

        var options = new DefaultAzureCredentialOptions();
        if (clientId is not null)
        {
            options.ManagedIdentityClientId = clientId;
        }

        if (tenantId is not null)
        {
            options.TenantId = tenantId;
        }

        return new DefaultAzureCredential(options);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
