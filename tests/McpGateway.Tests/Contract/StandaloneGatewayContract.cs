using McpGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tests.Contract;

/// <summary>The contract against the standalone server on Kestrel (<see cref="GatewayHost"/>), authentication on.</summary>
public sealed class StandaloneGatewayContract(StandaloneGatewayFixture gateway, ContractUpstream upstream, ITestOutputHelper output)
    : GatewayContract(upstream, output), IClassFixture<StandaloneGatewayFixture>, IClassFixture<ContractUpstream>
{
    protected override IGatewayTarget Target => gateway;
}

/// <summary>A standalone gateway with authentication on and <see cref="GatewayHost.AdminKey"/> as its admin key, as the Functions fixture's.</summary>
public sealed class StandaloneGatewayFixture : IGatewayTarget, IAsyncLifetime
{
    private GatewayHost? _gateway;

    public Uri BaseAddress => _gateway!.BaseAddress;

    public string AdminKey => GatewayHost.AdminKey;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}
