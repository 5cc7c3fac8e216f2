using System.Security.Claims;
using System.Text.Json.Serialization;
using McpGateway.Security;

namespace McpGateway.Jobs;

/// <summary>
/// Who submitted a job and what it may call, stored with the job: the runner sends the job's call as this caller through
/// <see cref="UpstreamAuthorization"/>, so a job never reaches further than its submitter could at the time.
/// </summary>
public sealed record JobCaller(
    [property: JsonPropertyName("principal")] string Principal,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("key_id")] string? KeyId,
    [property: JsonPropertyName("templates")] IReadOnlyList<string>? Templates,
    [property: JsonPropertyName("tools")] IReadOnlyList<string>? Tools)
{
    public static JobCaller? From(ClaimsPrincipal user) => GatewayIdentity.Of(user) is { IsAuthenticated: true } identity
        ? new(identity.PrincipalId, identity.Name ?? "?", identity.Kind, identity.Role, identity.KeyId, identity.Templates, identity.Tools)
        : null;

    public ClaimsPrincipal ToPrincipal() => new(new GatewayIdentity(Name, Role, Kind)
    {
        PrincipalId = Principal,
        KeyId = KeyId,
        Templates = Templates,
        Tools = Tools,
    });

    /// <summary>
    /// A job stored before jobs carried their caller: it was authorized at submission; it runs as an unscoped user of its
    /// owner (never as an admin), so the template and tool checks still apply to whatever that user may use.
    /// </summary>
    public static ClaimsPrincipal Legacy(JobRecord job) => Of(job).ToPrincipal();

    /// <summary>The job's caller, or for a job stored without one the unscoped user of its owner (<see cref="Legacy"/>).</summary>
    public static JobCaller Of(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Caller ?? new JobCaller(job.Owner ?? "legacy", job.Owner ?? "legacy", PrincipalKinds.User, GatewayRoles.User, null, null, null);
    }
}
