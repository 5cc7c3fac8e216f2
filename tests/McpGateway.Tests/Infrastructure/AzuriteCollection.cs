
namespace McpGateway.Tests.Infrastructure;

/// <summary>Tests that talk to Azurite share one private instance (<see cref="AzuriteFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
