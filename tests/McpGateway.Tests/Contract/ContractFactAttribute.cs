using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace McpGateway.Tests.Contract;

/// <summary>
/// A fact of the contract suite (<see cref="GatewayContract"/>): it runs once per derived class, and is skipped, with the reason,
/// where that class's <see cref="ContractTargetAttribute"/> says its target is unavailable (no Functions host on this machine).
/// </summary>
[XunitTestCaseDiscoverer("McpGateway.Tests.Contract.ContractFactDiscoverer", "McpGateway.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>On a class deriving from <see cref="GatewayContract"/>: whether its target can run here.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class ContractTargetAttribute : Attribute
{
    /// <summary>Why the target cannot run here, or null when it can.</summary>
    public abstract string? SkipReason { get; }
}

/// <summary>Discovers a <see cref="ContractFactAttribute"/> fact per test class, skipped when the class's target is unavailable.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _facts = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var reason = testMethod.TestClass.Class.ToRuntimeType()?.GetCustomAttribute<ContractTargetAttribute>(inherit: true)?.SkipReason;
        return reason is null
            ? _facts.Discover(discoveryOptions, testMethod, factAttribute)
            : [new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}
