using McpGateway.Azure.Storage.Tests.Azurite;

namespace McpGateway.Tests.Infrastructure;

/// <summary>Tests that talk to Azurite share one private instance (<see cref="AzuriteFixture"/>, linked from the storage tests).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
