using System.Collections;
using McpGateway.Registry;

namespace McpGateway.Pool;

/// <summary>
/// The one place that decides the environment of a spawned MCP server: never the gateway's whole environment (which holds
/// <c>API_KEY</c>, <c>JWT_SECRET</c>, storage connection strings, <c>McpGateway__*</c> settings). A server gets
/// <list type="number">
/// <item>the minimal base a process needs to run, copied from the gateway's environment when set: <see cref="BaseNames"/>
/// and every name starting with <c>LC_</c>;</item>
/// <item>the names the operator passes through (<c>McpGateway:Pool:PassEnvironment</c>), when set in the gateway's environment;</item>
/// <item>the instance's own <c>env</c>, which wins over both.</item>
/// </list>
/// </summary>
public sealed class ServerEnvironment
{
    /// <summary>What a process needs to find programs, its home, temp folder, locale, terminal and trusted CAs; Windows system folders.</summary>
    public static readonly IReadOnlyList<string> BaseNames =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP",
        "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR",
        // Windows: without these many programs cannot start (SYSTEMROOT for sockets and crypto, PATHEXT for command lookup).
        "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "PROGRAMDATA",
        "PROGRAMFILES", "PROGRAMFILES(X86)", "COMMONPROGRAMFILES", "NUMBER_OF_PROCESSORS", "PROCESSOR_ARCHITECTURE",
    ];

    /// <summary>Prefixes of base names (the locale categories).</summary>
    public static readonly IReadOnlyList<string> BasePrefixes = ["LC_"];

    private static readonly StringComparer NameComparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
    private static readonly StringComparison NameComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly HashSet<string> _inherited;

    /// <param name="passThrough">Further names copied from the gateway's environment (operator's choice).</param>
    public ServerEnvironment(IEnumerable<string> passThrough)
    {
        _inherited = new HashSet<string>(BaseNames, NameComparer);
        _inherited.UnionWith(passThrough);
    }

    /// <summary>The complete environment of a process for <paramref name="instance"/>, from the gateway's current environment.</summary>
    public Dictionary<string, string> For(InstanceDefinition instance) => For(instance, Environment.GetEnvironmentVariables());

    internal Dictionary<string, string> For(InstanceDefinition instance, IDictionary gatewayEnvironment)
    {
        var result = new Dictionary<string, string>(NameComparer);
        foreach (DictionaryEntry entry in gatewayEnvironment)
        {
            if (entry.Key is string name && entry.Value is string value && IsInherited(name))
            {
                result[name] = value;
            }
        }
        foreach (var (name, value) in instance.Env ?? new Dictionary<string, string>())
        {
            result[name] = value;
        }
        return result;
    }

    /// <summary>Replaces <paramref name="target"/> (a <see cref="System.Diagnostics.ProcessStartInfo.Environment"/>, which starts as a copy of the gateway's) with <see cref="For(InstanceDefinition)"/>.</summary>
    public void ApplyTo(IDictionary<string, string?> target, InstanceDefinition instance)
    {
        target.Clear();
        foreach (var (name, value) in For(instance))
        {
            target[name] = value;
        }
    }

    private bool IsInherited(string name)
    {
        if (_inherited.Contains(name))
        {
            return true;
        }
        foreach (var prefix in BasePrefixes)
        {
            if (name.StartsWith(prefix, NameComparison))
            {
                return true;
            }
        }
        return false;
    }
}
