using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Client;

public sealed partial class GatewayClient
{
    /// <summary>A job's status, latest progress, attempts, timestamps, and its result or error once finished.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="GatewayException">404 when there is no such job (or it is another user's).</exception>
    public Task<GatewayJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
        => SendAsync<GatewayJob>(HttpMethod.Get, $"gateway/jobs/{Escape(jobId)}", null, idempotent: true, cancellationToken);

    /// <summary>Cancels a queued or running job (the MCP server gets <c>notifications/cancelled</c>).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job after cancellation.</returns>
    public Task<GatewayJob> CancelJobAsync(string jobId, CancellationToken cancellationToken = default)
        => SendAsync<GatewayJob>(HttpMethod.Delete, $"gateway/jobs/{Escape(jobId)}", null, idempotent: true, cancellationToken);

    /// <summary>Lists jobs, newest first.</summary>
    /// <param name="query">Filters and paging; null: the latest jobs.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<JobList> ListJobsAsync(JobQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = "gateway/jobs" + Query(("status", query?.Status), ("template", query?.Template), ("batch_id", query?.BatchId),
            ("limit", query?.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", query?.Cursor));
        return SendAsync<JobList>(HttpMethod.Get, path, null, idempotent: true, cancellationToken);
    }

    /// <summary>
    /// Follows a job as it runs: its current status (and latest progress) first, then every change, ending with a
    /// <c>done</c> event. If the stream breaks before that, it is reopened (the gateway replays the current state).
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Stops following (the job goes on).</param>
    public async IAsyncEnumerable<JobEvent> WatchJobAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int maxReconnects = 5;
        for (var attempt = 0; ; attempt++)
        {
            var done = false;
            var broken = false;
            using (var response = await SendAsync(HttpMethod.Get, $"gateway/jobs/{Escape(jobId)}/events", null, idempotent: true, cancellationToken,
                HttpCompletionOption.ResponseHeadersRead, accept: "text/event-stream").ConfigureAwait(false))
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var events = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    try
                    {
                        while (true)
                        {
                            SseItem<string> item;
                            try
                            {
                                if (!await events.MoveNextAsync().ConfigureAwait(false))
                                {
                                    break;
                                }
                                item = events.Current;
                            }
                            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                            {
                                broken = true;
                                break;
                            }
                            if (string.IsNullOrEmpty(item.Data) || JsonNode.Parse(item.Data) is not JsonObject data)
                            {
                                continue;
                            }
                            var jobEvent = new JobEvent(item.EventType, data);
                            yield return jobEvent;
                            if (jobEvent.Type == JobEventTypes.Done)
                            {
                                done = true;
                                break;
                            }
                        }
                    }
                    finally
                    {
                        await events.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
            if (done)
            {
                yield break;
            }
            if (attempt >= maxReconnects)
            {
                throw new IOException($"The event stream of job '{jobId}' ended {attempt + 1} times before the job finished{(broken ? " (connection lost)" : "")}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until a job finishes, reporting its progress, and returns it with its result or error.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="progress">Receives each progress the tool reports, if given.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    public async Task<GatewayJob> WaitForJobAsync(string jobId, IProgress<JobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var item in WatchJobAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            if (item.Progress is { } p)
            {
                progress?.Report(p);
            }
        }
        return await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var parts = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
