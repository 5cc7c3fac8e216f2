using Azure.Core;
using Azure.Identity;

namespace McpGateway.Streaming.SignalRService;

/// <summary>The Entra ID credential an identity connection string names, and the scope its tokens are for.</summary>
public static class SignalRServiceCredentials
{
    public const string Scope = "https://signalr.azure.com/.default";

    public static TokenCredential Create(SignalRServiceConnectionString connection) => connection.AuthType switch
    {
        "azure.msi" => connection.ClientId is { Length: > 0 } id
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(id))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
        "azure.app" when connection is { TenantId.Length: > 0, ClientId.Length: > 0, ClientSecret.Length: > 0 }
            => new ClientSecretCredential(connection.TenantId, connection.ClientId, connection.ClientSecret),
        "azure.app" => throw new FormatException(
            "The Azure SignalR Service connection string has 'AuthType=azure.app' but lacks 'TenantId=', 'ClientId=' or 'ClientSecret='."),
        _ => new DefaultAzureCredential(),
    };
}
