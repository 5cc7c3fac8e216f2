using System.Security.Claims;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace McpGateway.Security;

/// <summary>
/// Where the gateway records security events. Recording never blocks a request: entries are sanitised, logged as one line,
/// and queued (bounded: under a flood of denied requests the excess is dropped and counted rather than slowing the gateway);
/// <see cref="AuditWriter"/> appends them to the <see cref="IAuditLog"/> in batches.
/// </summary>
public sealed class AuditTrail(TimeProvider time, ILogger<AuditTrail> logger)
{
    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private long _sequence;
    private long _dropped;

    internal ChannelReader<AuditEntry> Reader => _queue.Reader;

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(string action, string outcome, string actor, string? target = null, string? detail = null, HttpContext? context = null)
    {
        var now = time.GetUtcNow();
        var entry = new AuditEntry
        {
            // Sortable: time, then a per-process sequence, then randomness so ids from different processes never collide.
            Id = $"{now.UtcTicks:D19}-{Interlocked.Increment(ref _sequence) % 1_000_000:D6}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}",
            Time = now,
            Actor = LogSanitizer.Clean(actor, 100),
            Action = action,
            Target = LogSanitizer.CleanOrNull(target),
            Outcome = outcome,
            ClientAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Detail = LogSanitizer.CleanOrNull(detail, 500),
        };
        logger.LogInformation("Audit {Action} {Outcome} by {Actor} on {Target}: {Detail}", entry.Action, entry.Outcome, entry.Actor, entry.Target, entry.Detail);
        if (!_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Record(string action, string outcome, ClaimsPrincipal? user, string? target = null, string? detail = null, HttpContext? context = null)
        => Record(action, outcome, ActorOf(user), target, detail, context);

    public void Denied(HttpContext context, int status, string reason)
        => Record(status == StatusCodes.Status429TooManyRequests ? AuditActions.RateLimited : AuditActions.RequestDenied, "denied",
            context.User, $"{context.Request.Method} {context.Request.Path.Value}", $"{status}: {reason}", context);

    public static string ActorOf(ClaimsPrincipal? user) => GatewayIdentity.Of(user) is { } identity
        ? identity.KeyId is { } key ? $"{identity.Name} (key {key})" : identity.Name ?? "?"
        : "anonymous";

    internal void Complete() => _queue.Writer.TryComplete();
}
