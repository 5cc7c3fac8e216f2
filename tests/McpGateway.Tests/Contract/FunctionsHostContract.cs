using McpGateway.Tests.Functions.Isolated;
using McpGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tests.Contract;

/// <summary>
/// The contract against the isolated-worker Functions app under the real Functions host (the shared
/// <see cref="IsolatedFunctionsAppFixture"/>); skipped where no host is found.
/// </summary>
[Collection(IsolatedFunctionsCollection.Name)]
[NeedsFunctionsHost]
public sealed class FunctionsHostContract(IsolatedFunctionsAppFixture app, ContractUpstream upstream, ITestOutputHelper output)
    : GatewayContract(upstream, output), IClassFixture<ContractUpstream>
{
    protected override IGatewayTarget Target { get; } = new FunctionsAppTarget(app);

    private sealed class FunctionsAppTarget(IsolatedFunctionsAppFixture app) : IGatewayTarget
    {
        public Uri BaseAddress => app.BaseAddress;

        public string AdminKey => GatewayHost.AdminKey;
    }
}

/// <summary>The target is the Functions app under the host: skipped with <see cref="FunctionsHostLocator.SkipReason"/> where there is none.</summary>
public sealed class NeedsFunctionsHostAttribute : ContractTargetAttribute
{
    public override string? SkipReason => FunctionsHostLocator.SkipReason;
}
