namespace McpGateway.Pool;

/// <summary>
/// The per-principal cap on dedicated processes (<c>McpGateway:Pool:MaxDedicatedPerPrincipal</c>): how many each principal
/// holds in this gateway, reserved before a process starts and released when its lease ends (deleted, reaped, failed).
/// </summary>
internal sealed class DedicatedQuota(int limit)
{
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Limit => limit;

    public int HeldBy(string principal)
    {
        lock (_gate)
        {
            return _held.GetValueOrDefault(principal);
        }
    }

    public bool TryReserve(string principal)
    {
        lock (_gate)
        {
            var held = _held.GetValueOrDefault(principal);
            if (held >= limit)
            {
                return false;
            }
            _held[principal] = held + 1;
            return true;
        }
    }

    public void Release(string principal)
    {
        lock (_gate)
        {
            if (_held.TryGetValue(principal, out var held))
            {
                if (held <= 1)
                {
                    _held.Remove(principal);
                }
                else
                {
                    _held[principal] = held - 1;
                }
            }
        }
    }
}
