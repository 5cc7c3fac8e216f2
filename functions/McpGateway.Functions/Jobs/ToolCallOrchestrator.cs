using McpGateway.Jobs;
using Microsoft.DurableTask;

namespace McpGateway.Functions.Jobs;

/// <summary>
/// One long-running tools/call as a Durable orchestration. It calls the <c>CallTool</c> activity and calls it again (after a
/// durable-timer backoff, at most <see cref="ToolCallJobInput.MaxAttempts"/> calls) only when that cannot run the tool twice:
/// the attempt never reached an instance, or the job is retry-safe. A non-retry-safe call that may have executed ends the job
/// <c>failed</c> with <c>may_have_executed</c>. A durable timer for the job's timeout races every attempt and backoff; if it
/// wins the job ends <c>timeout</c>. A <c>cancel</c> event (raised when the job is cancelled through the API) ends it at once. The
/// custom status is the current state (<c>running</c>, <c>retrying</c>). Unless the job succeeded (the attempt wrote that to the record),
/// its last step is the <c>FinishJob</c> activity, which writes the verdict to the job's record (a no-op when the record already ended).
/// Orchestrator code replays: time only from <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, all I/O in the activity.
/// The Functions app runs it through <c>ToolCallFunctions</c>; tests register the class itself.
/// </summary>
public sealed class ToolCallOrchestrator : TaskOrchestrator<ToolCallJobInput, ToolCallJobResult>
{
    public const string Name = nameof(ToolCallOrchestrator);
    public const string CallToolActivity = "CallTool";
    public const string FinishJobActivity = "FinishJob";
    /// <summary>The external event that cancels the job (its payload is ignored).</summary>
    public const string CancelEvent = "cancel";
    public const string QueueStdioCallActivity = "QueueStdioCall";
    public const string ReadJobActivity = "ReadJob";
    /// <summary>The external event that says a job queued for the stdio host ended (its payload: the <see cref="ToolCallJobResult"/>).</summary>
    public const string StdioDoneEvent = "stdio-done";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    /// <summary>Bounds the history of a job waiting for the stdio host (a timer and an activity per read): about 8 h at 15 s.</summary>
    private const int MaxStdioPolls = 2000;

    public override async Task<ToolCallJobResult> RunAsync(TaskOrchestrationContext context, ToolCallJobInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var result = await RunAttemptsAsync(context, input);
        if (result.Status != ToolCallJobStatus.Succeeded)
        {
            // A success is in the record already (the attempt wrote it); every other verdict is the orchestration's to write.
            await context.CallActivityAsync(FinishJobActivity, new JobFinish(input.JobId, result));
        }
        return result;
    }

    private static async Task<ToolCallJobResult> RunAttemptsAsync(TaskOrchestrationContext context, ToolCallJobInput input)
    {
        using var cancelWait = new CancellationTokenSource();
        var cancelled = context.WaitForExternalEvent<string>(CancelEvent, cancelWait.Token);
        using var timeoutCancel = new CancellationTokenSource();
        var deadline = input.TimeoutSeconds > 0
            ? context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input.TimeoutSeconds), timeoutCancel.Token)
            : new TaskCompletionSource().Task; // never completes: no per-job timeout
        var maxAttempts = Math.Max(1, input.MaxAttempts);
        var mayHaveExecuted = false;
        try
        {
            if (input.StdioQueue is { } stdioQueue)
            {
                return await RunOnStdioHostAsync(context, input, stdioQueue, deadline, cancelled);
            }
            for (var attempt = 1; ; attempt++)
            {
                context.SetCustomStatus(attempt == 1 ? ToolCallJobStatus.Running : ToolCallJobStatus.Retrying);
                var call = CallAsync(context, input, attempt);
                var first = await Task.WhenAny(call, deadline, cancelled);
                if (first == cancelled)
                {
                    return Cancelled(attempt, mayHaveExecuted: true);
                }
                if (first != call)
                {
                    return TimedOut(input, attempt, mayHaveExecuted: true);
                }
                var outcome = await call;
                if (outcome.Succeeded)
                {
                    return new ToolCallJobResult(ToolCallJobStatus.Succeeded, outcome.Result, null, attempt);
                }
                var error = outcome.Error!;
                if (outcome.FailureKind == ToolCallFailureKinds.Interrupted)
                {
                    return new ToolCallJobResult(ToolCallJobStatus.Interrupted, null, error, attempt);
                }
                if (outcome.FailureKind == ToolCallFailureKinds.Ended)
                {
                    return new ToolCallJobResult(ToolCallJobStatus.Cancelled, null, error, attempt);
                }
                mayHaveExecuted |= error.MayHaveExecuted;
                var mayRepeat = outcome.FailureKind switch
                {
                    ToolCallFailureKinds.NotReached => true,
                    ToolCallFailureKinds.MayHaveExecuted => input.RetrySafe,
                    _ => false,
                };
                if (!mayRepeat || attempt >= maxAttempts)
                {
                    return new ToolCallJobResult(ToolCallJobStatus.Failed, null, error with { MayHaveExecuted = mayHaveExecuted }, attempt);
                }
                context.SetCustomStatus(ToolCallJobStatus.Retrying);
                using var backoffCancel = new CancellationTokenSource();
                var backoff = context.CreateTimer(context.CurrentUtcDateTime.Add(Backoff(input, attempt)), backoffCancel.Token);
                var waited = await Task.WhenAny(backoff, deadline, cancelled);
                if (waited != backoff)
                {
                    backoffCancel.Cancel();
                    return waited == cancelled ? Cancelled(attempt, mayHaveExecuted) : TimedOut(input, attempt, mayHaveExecuted);
                }
            }
        }
        finally
        {
            // A pending durable timer would otherwise keep the instance waiting for it.
            timeoutCancel.Cancel();
            cancelWait.Cancel();
        }
    }

    /// <summary>
    /// A job for a template only the stdio host (the Container Apps job) can run: the call is queued once for it; the host runs it
    /// as a queue job (its record shows attempts, progress and the result) and posts to the reply queue when it ends, which the
    /// <c>StdioJobDone</c> function turns into the <see cref="StdioDoneEvent"/>. The record is read every
    /// <see cref="ToolCallJobInput.StdioPollSeconds"/> too, so a lost reply only delays the end.
    /// </summary>
    private static async Task<ToolCallJobResult> RunOnStdioHostAsync(TaskOrchestrationContext context, ToolCallJobInput input, string queue,
        Task deadline, Task cancelled)
    {
        context.SetCustomStatus(ToolCallJobStatus.Running);
        await context.CallActivityAsync(QueueStdioCallActivity, new StdioCall(input.JobId, queue));
        var done = context.WaitForExternalEvent<ToolCallJobResult>(StdioDoneEvent);
        for (var polls = 0; polls < MaxStdioPolls; polls++)
        {
            using var pollCancel = new CancellationTokenSource();
            var poll = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(Math.Max(1, input.StdioPollSeconds)), pollCancel.Token);
            var first = await Task.WhenAny(done, poll, deadline, cancelled);
            if (first != poll)
            {
                pollCancel.Cancel();
            }
            if (first == done)
            {
                return await done;
            }
            if (first == cancelled)
            {
                return Cancelled(0, mayHaveExecuted: true);
            }
            if (first == deadline)
            {
                return TimedOut(input, 0, mayHaveExecuted: true);
            }
            if (await context.CallActivityAsync<ToolCallJobResult?>(ReadJobActivity, input.JobId) is { } ended)
            {
                return ended;
            }
        }
        return new ToolCallJobResult(ToolCallJobStatus.Failed, null, new JobError(504, "Stdio host silent",
            $"The stdio host did not finish the job within {MaxStdioPolls} reads of its record.", null, MayHaveExecuted: true), 0);
    }

    /// <summary>
    /// One attempt. An exception out of the activity (not an upstream failure: those are outcomes) is an unknown fault: the
    /// call may have been sent, so it counts as may-have-executed.
    /// </summary>
    private static async Task<ToolCallOutcome> CallAsync(TaskOrchestrationContext context, ToolCallJobInput input, int attempt)
    {
        var request = new ToolCallAttempt(input.JobId, attempt, input.Template, input.Tool, input.Arguments, input.Caller);
        try
        {
            return await context.CallActivityAsync<ToolCallOutcome>(CallToolActivity, request);
        }
        catch (TaskFailedException e)
        {
            return ToolCallOutcome.Failure(ToolCallFailureKinds.MayHaveExecuted,
                new JobError(500, "Tool call failed", e.FailureDetails.ErrorMessage, null, MayHaveExecuted: true));
        }
    }

    private static TimeSpan Backoff(ToolCallJobInput input, int attempt)
    {
        var seconds = Math.Max(0, input.RetryDelaySeconds) * Math.Pow(2, attempt - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }

    private static ToolCallJobResult Cancelled(int attempts, bool mayHaveExecuted)
        => new(ToolCallJobStatus.Cancelled, null, JobErrors.Cancelled(mayHaveExecuted), attempts);

    private static ToolCallJobResult TimedOut(ToolCallJobInput input, int attempts, bool mayHaveExecuted)
        => new(ToolCallJobStatus.Timeout, null,
            new JobError(504, "Job timed out", $"The job did not finish within {input.TimeoutSeconds} s.", null, mayHaveExecuted), attempts);
}
