namespace McpGateway.Mcp;

/// <summary>Protocol versions and header names of the MCP front door.</summary>
internal static class McpProtocol
{
    public const string SessionIdHeader = "Mcp-Session-Id";
    public const string VersionHeader = "MCP-Protocol-Version";
    public const string MethodHeader = "Mcp-Method";
    public const string NameHeader = "Mcp-Name";

    /// <summary>The stateless revision: no initialize, no session, per-request <c>_meta</c>.</summary>
    public const string Stateless = "2026-07-28";

    /// <summary>The newest revision with initialize and sessions; what a session client gets when it asks for something else.</summary>
    public const string LatestSession = "2025-11-25";

    public const string MetaPrefix = "io.modelcontextprotocol/";
    public const string MetaProtocolVersion = MetaPrefix + "protocolVersion";
    public const string MetaClientCapabilities = MetaPrefix + "clientCapabilities";
    public const string MetaServerInfo = MetaPrefix + "serverInfo";

    public static readonly string[] SessionVersions = [LatestSession, "2025-06-18", "2025-03-26", "2024-11-05"];

    public static readonly string[] AllVersions = [Stateless, .. SessionVersions];

    public static bool IsStateless(string? version) => !string.IsNullOrEmpty(version) && string.CompareOrdinal(version, Stateless) >= 0;

    public static bool IsSupported(string version) => Array.IndexOf(AllVersions, version) >= 0;
}
