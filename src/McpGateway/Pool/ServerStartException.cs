using McpGateway.Upstreams;

namespace McpGateway.Pool;

/// <summary>
/// The command of a stdio instance could not be started at all (not found, not executable, <c>working_dir</c> missing): a
/// definitive failure that retrying at once will not cure, so health marks the instance unhealthy on the first one.
/// </summary>
public sealed class ServerStartException(string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>Whether <paramref name="failure"/> or one of its inner exceptions (an <see cref="UpstreamException"/>'s inner cause too) is a start failure.</summary>
    public static bool IsCause(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e is UpstreamException u ? u.InnerCause : e.InnerException)
        {
            if (e is ServerStartException)
            {
                return true;
            }
        }
        return false;
    }
}
