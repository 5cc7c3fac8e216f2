namespace McpGateway.Azure.Storage.Auth;

internal static class StorageScopes
{
    /// <summary>Entra ID scope for Blob, Queue and Table data-plane calls.</summary>
    public const string Storage = "https://storage.azure.com/.default";
}
