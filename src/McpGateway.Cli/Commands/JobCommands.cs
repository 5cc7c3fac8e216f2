using System.CommandLine;
using McpGateway.Client;
using Spectre.Console;

namespace McpGateway.Cli.Commands;

/// <summary><c>jobs list|show|watch|cancel</c>.</summary>
internal static class JobCommands
{
    public static Command Create(CliCommands cli)
    {
        var jobs = new Command("jobs", "Durable tool calls: list, show, watch, cancel");

        var status = new Option<string>("--status") { Description = "Only jobs with this status (queued, running, succeeded, failed, cancelled, interrupted)" };
        var template = new Option<string>("--template") { Description = "Only jobs of this template" };
        var batch = new Option<string>("--batch") { Description = "Only jobs of this batch" };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1-500, default 50)" };
        var list = new Command("list", "List jobs, newest first") { status, template, batch, limit };
        cli.Action(list, async (context, parse, ct) =>
        {
            var page = await context.Client.ListJobsAsync(new JobQuery
            {
                Status = parse.GetValue(status), Template = parse.GetValue(template), BatchId = parse.GetValue(batch), Limit = parse.GetValue(limit),
            }, ct);
            if (context.Json)
            {
                context.WriteJson(page);
                return ExitCodes.Ok;
            }
            var table = CliContext.NewTable("JOB", "TEMPLATE", "TOOL", "STATUS", "PROGRESS", "CREATED", "INSTANCE");
            foreach (var job in page.Jobs)
            {
                table.AddRow(Markup.Escape(job.JobId), Markup.Escape(job.Template), Markup.Escape(job.Tool), CliContext.StatusMarkup(job.Status),
                    Progress(job.Progress), CliContext.Cell(job.CreatedAt), CliContext.Cell(job.InstanceId));
            }
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        jobs.Subcommands.Add(list);

        var showId = new Argument<string>("JOB");
        var show = new Command("show", "A job's status, progress and result or error") { showId };
        cli.Action(show, async (context, parse, ct) =>
        {
            var job = await context.Client.GetJobAsync(parse.GetValue(showId)!, ct);
            if (!context.Json)
            {
                var table = CliContext.NewTable("JOB", "TEMPLATE", "TOOL", "STATUS", "PROGRESS", "ATTEMPTS", "CREATED", "FINISHED", "INSTANCE");
                table.AddRow(Markup.Escape(job.JobId), Markup.Escape(job.Template), Markup.Escape(job.Tool), CliContext.StatusMarkup(job.Status),
                    Progress(job.Progress), CliContext.Cell(job.Attempts), CliContext.Cell(job.CreatedAt), CliContext.Cell(job.FinishedAt), CliContext.Cell(job.InstanceId));
                context.Console.Write(table);
            }
            return JobFollower.Finish(context, job);
        });
        jobs.Subcommands.Add(show);

        var watchId = new Argument<string>("JOB");
        var watch = new Command("watch", "Follow a job with a live progress bar until it finishes") { watchId };
        cli.Action(watch, (context, parse, ct) => JobFollower.FollowAsync(context, parse.GetValue(watchId)!, parse.GetValue(watchId)!, ct));
        jobs.Subcommands.Add(watch);

        var cancelId = new Argument<string>("JOB");
        var cancel = new Command("cancel", "Cancel a queued or running job") { cancelId };
        cli.Action(cancel, async (context, parse, ct) =>
        {
            var job = await context.Client.CancelJobAsync(parse.GetValue(cancelId)!, ct);
            if (context.Json)
            {
                context.WriteJson(job);
            }
            else
            {
                context.Console.MarkupLine($"{Markup.Escape(job.JobId)}: {CliContext.StatusMarkup(job.Status)}");
            }
            return ExitCodes.Ok;
        });
        jobs.Subcommands.Add(cancel);
        return jobs;
    }

    private static string Progress(JobProgress? progress) => progress is null ? ""
        : Markup.Escape(progress.Total is { } t ? $"{progress.Progress:0.##}/{t:0.##}" : $"{progress.Progress:0.##}");
}
