namespace McpGateway.Security;

/// <summary>Browser cross-origin access: section <c>McpGateway:Cors</c>; off while no origin is listed.</summary>
public sealed class CorsSettings
{
    public const string Section = "McpGateway:Cors";

    public string[] AllowedOrigins { get; set; } = [];
}
