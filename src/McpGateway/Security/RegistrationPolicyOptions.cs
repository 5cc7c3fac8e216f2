namespace McpGateway.Security;

/// <summary>What a registration may point the gateway at: section <c>McpGateway:Registration</c>.</summary>
public sealed class RegistrationPolicyOptions
{
    public const string Section = "McpGateway:Registration";

    /// <summary>Allows link-local and cloud metadata addresses as HTTP endpoints (off: they are refused).</summary>
    public bool AllowMetadataAddresses { get; set; }
    /// <summary>
    /// stdio commands that may be registered (exact match). Standalone: unset allows every command.
    /// Functions mode: unset allows none.
    /// </summary>
    public string[]? AllowedCommands { get; set; }
}
