namespace McpGateway.Azure.Storage.Tests.Azurite;

/// <summary>All tests that talk to Azurite share one instance.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
