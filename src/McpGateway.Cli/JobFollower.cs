using System.Text.Json;
using McpGateway.Client;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Spectre.Console;

namespace McpGateway.Cli;

/// <summary>
/// Follows a job's event stream to the end: a live progress bar on a terminal, one line per event otherwise, nothing
/// but the final job in --json mode. Exit code: the result's (0, or 3 for a tool error), 3 for a failed, cancelled or interrupted job.
/// </summary>
internal static class JobFollower
{
    public static async Task<int> FollowAsync(CliContext context, string jobId, string label, CancellationToken cancellationToken)
    {
        if (context.Interactive)
        {
            await context.Console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(Markup.Escape(label), maxValue: 100);
                    task.IsIndeterminate = true;
                    await foreach (var item in context.Client.WatchJobAsync(jobId, cancellationToken))
                    {
                        if (item.Progress is { } p)
                        {
                            task.IsIndeterminate = p.Total is null;
                            task.MaxValue = p.Total is > 0 ? p.Total.Value : Math.Max(task.MaxValue, p.Progress);
                            task.Value = p.Progress;
                            task.Description = Markup.Escape(p.Message is null ? label : $"{label}: {p.Message}");
                        }
                        else if (item.Type == JobEventTypes.Done)
                        {
                            task.IsIndeterminate = false;
                            if (item.Status == JobStatuses.Succeeded)
                            {
                                task.Value = task.MaxValue;
                            }
                            task.Description = $"{Markup.Escape(label)} {CliContext.StatusMarkup(item.Status)}";
                            task.StopTask();
                        }
                    }
                });
        }
        else
        {
            await foreach (var item in context.Client.WatchJobAsync(jobId, cancellationToken))
            {
                if (context.Json)
                {
                    continue;
                }
                switch (item.Type)
                {
                    case JobEventTypes.Status:
                        context.Out.WriteLine($"{jobId}: {item.Status}");
                        break;
                    case JobEventTypes.Progress when item.Progress is { } p:
                        var total = p.Total is { } t ? "/" + t.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) : "";
                        var message = p.Message is null ? "" : " " + p.Message;
                        context.Out.WriteLine($"{jobId}: progress {p.Progress.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}{total}{message}");
                        break;
                    case JobEventTypes.Done:
                        context.Out.WriteLine($"{jobId}: done ({item.Status})");
                        break;
                }
            }
        }
        var job = await context.Client.GetJobAsync(jobId, cancellationToken);
        return Finish(context, job);
    }

    /// <summary>Prints a finished (or current) job and returns the exit code it stands for.</summary>
    public static int Finish(CliContext context, GatewayJob job)
    {
        if (context.Json)
        {
            context.WriteJson(job);
            return ExitCode(job);
        }
        if (job.Status == JobStatuses.Succeeded && job.Result is { } node)
        {
            return ResultPrinter.Print(context, node.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!);
        }
        if (job.Error is { } error)
        {
            context.Environment.Error.WriteLine($"error: job {job.JobId} {job.Status}: {error.Title} ({error.Status}): {error.Detail}"
                + (error.McpErrorCode is { } c ? $" [MCP error {c}]" : "")
                + (error.MayHaveExecuted ? " — the tool may have run: check before calling it again." : ""));
        }
        else if (job.Status is JobStatuses.Cancelled or JobStatuses.Interrupted or JobStatuses.Failed)
        {
            context.Environment.Error.WriteLine($"error: job {job.JobId} {job.Status}.");
        }
        return ExitCode(job);
    }

    private static int ExitCode(GatewayJob job) => job.Status switch
    {
        JobStatuses.Succeeded => job.Result?["isError"]?.GetValueKind() == JsonValueKind.True ? ExitCodes.UpstreamError : ExitCodes.Ok,
        JobStatuses.Queued or JobStatuses.Running => ExitCodes.Ok,
        _ => ExitCodes.UpstreamError,
    };
}
