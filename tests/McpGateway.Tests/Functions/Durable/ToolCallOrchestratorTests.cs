using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Functions.Jobs;
using McpGateway.Api;
using McpGateway.Jobs;
using McpGateway.Upstreams;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace McpGateway.Tests.Functions.Durable;

/// <summary>
/// The job orchestration of the isolated-worker app (functions/McpGateway.Functions/Jobs), replayed by the Durable Task
/// in-process test host. The <c>CallTool</c> activity is a fake that keeps the real activity's contract (a
/// <see cref="ToolCallOutcome"/>: the result JSON, or a failure kind and a <see cref="JobError"/>) and counts its calls;
/// the real call path (router, upstreams) is tested end to end elsewhere.
/// </summary>
public sealed class ToolCallOrchestratorTests
{
    private static readonly JobCaller Caller = new("user-1", "alice", "user", "user", "key-1", ["everything"], ["echo"]);

    private static ToolCallJobInput Input(bool retrySafe = false, double timeoutSeconds = 60, int maxAttempts = 3) =>
        new("job-1", "everything", "echo", new JsonObject { ["message"] = "hi" }, retrySafe, timeoutSeconds, Caller)
        {
            MaxAttempts = maxAttempts,
            RetryDelaySeconds = 0.05,
        };

    private static ToolCallOutcome NotReached() => ToolCallOutcome.Failure(ToolCallFailureKinds.NotReached,
        new JobError(503, "Upstream unreachable", "connection refused", null, MayHaveExecuted: false));

    private static ToolCallOutcome MayHaveExecuted() => ToolCallOutcome.Failure(ToolCallFailureKinds.MayHaveExecuted,
        new JobError(502, "Upstream failed; the call may have executed", "connection reset", null, MayHaveExecuted: true));

    private const string EchoResult = """{"content":[{"type":"text","text":"Echo: hi"}]}""";

    [Fact]
    public async Task Success_passes_the_result_through()
    {
        var fake = new FakeCallTool(_ => Task.FromResult(ToolCallOutcome.Success(EchoResult)));
        var (meta, result) = await RunAsync(fake, Input());

        Assert.Equal(ToolCallJobStatus.Succeeded, result.Status);
        Assert.Equal(EchoResult, result.Result);
        Assert.Null(result.Error);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, fake.Calls);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("job-1", request.JobId);
        Assert.Equal(1, request.Attempt);
        Assert.Equal("everything", request.Template);
        Assert.Equal("echo", request.Tool);
        Assert.Equal("hi", request.Arguments?["message"]?.GetValue<string>());
        Assert.Equal(Caller.Principal, request.Caller.Principal);
        Assert.Equal(["everything"], request.Caller.Templates);
        Assert.Equal(["echo"], request.Caller.Tools);
        Assert.Equal(ToolCallJobStatus.Running, meta.ReadCustomStatusAs<string>());
        Assert.Equal(EchoResult, JsonDocument.Parse(meta.SerializedOutput!).RootElement.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Not_reached_failure_is_retried_then_succeeds()
    {
        var fake = new FakeCallTool(r => Task.FromResult(r.Attempt == 1 ? NotReached() : ToolCallOutcome.Success(EchoResult)));
        var (meta, result) = await RunAsync(fake, Input(retrySafe: false));

        Assert.Equal(ToolCallJobStatus.Succeeded, result.Status);
        Assert.Equal(EchoResult, result.Result);
        Assert.Equal(2, fake.Calls);
        Assert.Equal([1, 2], fake.Requests.Select(r => r.Attempt));
        Assert.Equal(2, result.Attempts);
        Assert.Equal(ToolCallJobStatus.Retrying, meta.ReadCustomStatusAs<string>());
    }

    [Fact]
    public async Task May_have_executed_failure_of_a_non_retry_safe_tool_is_not_retried()
    {
        var fake = new FakeCallTool(_ => Task.FromResult(MayHaveExecuted()));
        var (_, result) = await RunAsync(fake, Input(retrySafe: false));

        Assert.Equal(1, fake.Calls);
        Assert.Equal(ToolCallJobStatus.Failed, result.Status);
        Assert.Null(result.Result);
        Assert.NotNull(result.Error);
        Assert.True(result.Error.MayHaveExecuted);
        Assert.Equal(502, result.Error.Status);
    }

    [Fact]
    public async Task May_have_executed_failure_of_a_retry_safe_tool_is_retried()
    {
        var fake = new FakeCallTool(r => Task.FromResult(r.Attempt < 3 ? MayHaveExecuted() : ToolCallOutcome.Success(EchoResult)));
        var (_, result) = await RunAsync(fake, Input(retrySafe: true));

        Assert.Equal(3, fake.Calls);
        Assert.Equal(ToolCallJobStatus.Succeeded, result.Status);
        Assert.Equal(EchoResult, result.Result);
    }

    [Fact]
    public async Task Retries_are_bounded_by_max_attempts()
    {
        var fake = new FakeCallTool(_ => Task.FromResult(NotReached()));
        var (_, result) = await RunAsync(fake, Input(maxAttempts: 3));

        Assert.Equal(3, fake.Calls);
        Assert.Equal(ToolCallJobStatus.Failed, result.Status);
        Assert.Equal(503, result.Error?.Status);
        Assert.False(result.Error?.MayHaveExecuted);
    }

    [Fact]
    public async Task Final_failure_is_not_retried_even_when_retry_safe()
    {
        var fake = new FakeCallTool(_ => Task.FromResult(ToolCallOutcome.Failure(ToolCallFailureKinds.Final,
            new JobError(502, "Upstream error", "Unknown tool: echo", -32602, MayHaveExecuted: false))));
        var (_, result) = await RunAsync(fake, Input(retrySafe: true));

        Assert.Equal(1, fake.Calls);
        Assert.Equal(ToolCallJobStatus.Failed, result.Status);
        Assert.Equal(-32602, result.Error?.McpErrorCode);
        Assert.False(result.Error?.MayHaveExecuted);
    }

    [Fact]
    public async Task Activity_fault_counts_as_may_have_executed_and_is_not_retried_for_a_non_retry_safe_tool()
    {
        var fake = new FakeCallTool(_ => throw new InvalidOperationException("worker fault"));
        var (_, result) = await RunAsync(fake, Input(retrySafe: false));

        Assert.Equal(1, fake.Calls);
        Assert.Equal(ToolCallJobStatus.Failed, result.Status);
        Assert.True(result.Error?.MayHaveExecuted);
    }

    /// <remarks>
    /// The fake tool outlasts the job's 1 s timeout (it answers after 3 s). The in-process test host (0.2.3-preview.1) was
    /// seen to hand the orchestrator its fired timer only once the instance's in-flight activity had completed, but the
    /// timer's event comes first in the history, so the orchestrator sees the timer win the race, as it would under the
    /// Functions host (where the timer fires while the activity still runs).
    /// </remarks>
    [Fact]
    public async Task Timeout_timer_winning_ends_the_job_timeout()
    {
        var fake = new FakeCallTool(async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3)); // a slow tool: still running when the job's timer fires
            return ToolCallOutcome.Success(EchoResult);
        });
        var (_, result) = await RunAsync(fake, Input(timeoutSeconds: 1));

        Assert.Equal(ToolCallJobStatus.Timeout, result.Status);
        Assert.Null(result.Result);
        Assert.Equal(504, result.Error?.Status);
        Assert.True(result.Error?.MayHaveExecuted);
        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public async Task Timeout_during_backoff_after_not_reached_attempts_did_not_execute()
    {
        var fake = new FakeCallTool(_ => Task.FromResult(NotReached()));
        // 5 s: on a loaded machine the first (instant) attempt must still come back before the job's timer fires.
        var (_, result) = await RunAsync(fake, Input(timeoutSeconds: 5) with { RetryDelaySeconds = 60 });

        Assert.Equal(ToolCallJobStatus.Timeout, result.Status);
        Assert.False(result.Error?.MayHaveExecuted);
        Assert.Equal(1, fake.Calls);
    }

    [Fact]
    public async Task An_attempt_that_ran_before_ends_the_job_interrupted_without_another_call()
    {
        var fake = new FakeCallTool(_ => Task.FromResult(ToolCallOutcome.Failure(ToolCallFailureKinds.Interrupted, JobErrors.Interrupted())));
        var (_, result) = await RunAsync(fake, Input(retrySafe: false));

        Assert.Equal(1, fake.Calls);
        Assert.Equal(ToolCallJobStatus.Interrupted, result.Status);
        Assert.True(result.Error?.MayHaveExecuted);
    }

    [Fact]
    public async Task The_cancel_event_ends_a_running_job_cancelled_and_the_record_is_finished_once()
    {
        var release = new TaskCompletionSource<ToolCallOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = new FakeCallTool(_ => release.Task);
        await using var host = await StartHostAsync(fake);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(ToolCallOrchestrator.Name, Input());
        await WaitUntilAsync(() => fake.Calls == 1, "the attempt is running");

        await host.Client.RaiseEventAsync(id, ToolCallOrchestrator.CancelEvent, "cancelled");
        // The in-process test host hands the orchestrator new events only once the in-flight activity returns (see the timeout
        // test); the cancel event is first in the history, so it wins the race as it does under the Functions host.
        release.SetResult(ToolCallOutcome.Success(EchoResult));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var meta = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        var result = meta.ReadOutputAs<ToolCallJobResult>()!;
        Assert.Equal(ToolCallJobStatus.Cancelled, result.Status);
        Assert.Equal(499, result.Error?.Status);
        var finish = Assert.Single(fake.Finished);
        Assert.Equal("job-1", finish.JobId);
        Assert.Equal(ToolCallJobStatus.Cancelled, finish.Result.Status);
    }

    [Fact]
    public async Task A_success_needs_no_FinishJob_step()
    {
        var fake = new FakeCallTool(_ => Task.FromResult(ToolCallOutcome.Success(EchoResult)));
        var (_, result) = await RunAsync(fake, Input());

        Assert.Equal(ToolCallJobStatus.Succeeded, result.Status);
        Assert.Empty(fake.Finished);
    }

    [Fact]
    public async Task Every_other_verdict_is_written_to_the_record_through_FinishJob()
    {
        var fake = new FakeCallTool(_ => Task.FromResult(NotReached()));
        var (_, result) = await RunAsync(fake, Input(maxAttempts: 2));

        var finish = Assert.Single(fake.Finished);
        Assert.Equal(result, finish.Result);
    }

    [Fact]
    public async Task A_batch_fans_out_one_job_orchestration_per_call_within_its_parallelism_cap()
    {
        var running = 0;
        var peak = 0;
        var fake = new FakeCallTool(async request =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref running);
            return request.Tool == "fail"
                ? ToolCallOutcome.Failure(ToolCallFailureKinds.Final, new JobError(502, "Upstream error", "boom", -32000, false))
                : ToolCallOutcome.Success(EchoResult);
        });
        await using var host = await StartHostAsync(fake);
        var jobs = Enumerable.Range(0, 12)
            .Select(i => Input() with { JobId = $"job-{i}", Tool = i % 4 == 3 ? "fail" : "echo" })
            .ToList();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(ToolBatchOrchestrator.Name, new ToolBatchInput("batch-1", jobs, MaxParallel: 3));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var meta = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        var progress = meta.ReadOutputAs<ToolBatchProgress>()!;
        Assert.Equal(12, progress.Completed);
        Assert.Equal(12, progress.Total);
        Assert.Equal(9, progress.Counts[ToolCallJobStatus.Succeeded]);
        Assert.Equal(3, progress.Counts[ToolCallJobStatus.Failed]);
        Assert.Equal(12, fake.Calls);
        Assert.True(peak <= 3, $"at most 3 calls at once, saw {peak}");
        // Only the failures need FinishJob: a success is written to the record by the attempt itself.
        Assert.Equal(jobs.Where(j => j.Tool == "fail").Select(j => j.JobId).Order(), fake.Finished.Select(f => f.JobId).Order());
        // Each item is its own job orchestration, reachable by the job id.
        var item = await host.Client.GetInstanceAsync("job-3", getInputsAndOutputs: true);
        Assert.Equal(ToolCallJobStatus.Failed, item!.ReadOutputAs<ToolCallJobResult>()!.Status);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token).ConfigureAwait(false); // a poll, not a timed assertion; bounded by the token
        }
        Assert.True(condition(), what);
    }

    private static async Task<(OrchestrationMetadata Meta, ToolCallJobResult Result)> RunAsync(FakeCallTool fake, ToolCallJobInput input)
    {
        await using var host = await StartHostAsync(fake);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(ToolCallOrchestrator.Name, input);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var meta = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        var result = meta.ReadOutputAs<ToolCallJobResult>();
        Assert.NotNull(result);
        return (meta, result);
    }

    /// <summary>
    /// The test host listens on a port it picks without reserving it; a parallel test can take it first ("address already in
    /// use", seen in a clean-clone run). Each try picks another port.
    /// </summary>
    private static async Task<DurableTaskTestHost> StartHostAsync(FakeCallTool fake)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(tasks =>
                {
                    tasks.AddOrchestrator<ToolCallOrchestrator>();
                    tasks.AddOrchestrator<ToolBatchOrchestrator>();
                    tasks.AddActivityFunc<ToolCallAttempt, ToolCallOutcome>(ToolCallOrchestrator.CallToolActivity, (_, request) => fake.RunAsync(request));
                    tasks.AddActivityFunc<JobFinish>(ToolCallOrchestrator.FinishJobActivity, (_, finish) => fake.Finish(finish));
                });
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    /// <summary>The <c>CallTool</c> activity's contract, with a scripted answer per request; counts its calls.</summary>
    private sealed class FakeCallTool(Func<ToolCallAttempt, Task<ToolCallOutcome>> answer)
    {
        private readonly List<ToolCallAttempt> _requests = [];

        public int Calls
        {
            get { lock (_requests) { return _requests.Count; } }
        }

        public IReadOnlyList<ToolCallAttempt> Requests
        {
            get { lock (_requests) { return [.. _requests]; } }
        }

        private readonly List<JobFinish> _finished = [];

        /// <summary>What the fake <c>FinishJob</c> activity received.</summary>
        public IReadOnlyList<JobFinish> Finished
        {
            get { lock (_finished) { return [.. _finished]; } }
        }

        public void Finish(JobFinish finish)
        {
            lock (_finished)
            {
                _finished.Add(finish);
            }
        }

        public Task<ToolCallOutcome> RunAsync(ToolCallAttempt request)
        {
            lock (_requests)
            {
                _requests.Add(request);
            }
            return answer(request);
        }
    }
}

/// <summary>How the <c>CallTool</c> activity turns the router's failures into outcomes (the fake activity's contract).</summary>
public sealed class ToolCallOutcomeTests
{
    [Theory]
    [InlineData(UpstreamFailureKind.NotReached, ToolCallFailureKinds.NotReached, false)]
    [InlineData(UpstreamFailureKind.SessionLost, ToolCallFailureKinds.NotReached, false)]
    [InlineData(UpstreamFailureKind.MayHaveExecuted, ToolCallFailureKinds.MayHaveExecuted, true)]
    [InlineData(UpstreamFailureKind.Timeout, ToolCallFailureKinds.MayHaveExecuted, true)]
    [InlineData(UpstreamFailureKind.ProtocolError, ToolCallFailureKinds.Final, false)]
    public void Upstream_failures_are_classified_for_retries(UpstreamFailureKind kind, string expected, bool mayHaveExecuted)
    {
        var outcome = ToolCallOutcome.From(new UpstreamException(kind, "inst-1", "boom", kind == UpstreamFailureKind.ProtocolError ? -32602 : null));

        Assert.False(outcome.Succeeded);
        Assert.Equal(expected, outcome.FailureKind);
        Assert.Equal(mayHaveExecuted, outcome.Error?.MayHaveExecuted);
        Assert.Equal("boom", outcome.Error?.Detail);
    }

    [Fact]
    public void No_healthy_instance_was_not_reached_and_a_refusal_is_final()
    {
        Assert.Equal(ToolCallFailureKinds.NotReached, ToolCallOutcome.From(GatewayException.NoHealthyInstance("everything", "none")).FailureKind);
        var denied = ToolCallOutcome.From(GatewayException.NotFound("Unknown template", "no such template"));
        Assert.Equal(ToolCallFailureKinds.Final, denied.FailureKind);
        Assert.Equal(404, denied.Error?.Status);
    }

    [Fact]
    public void Outcomes_and_inputs_round_trip_through_json()
    {
        var input = new ToolCallJobInput("job-9", "everything", "echo", new System.Text.Json.Nodes.JsonObject { ["n"] = 1 }, true, 30,
            new McpGateway.Jobs.JobCaller("p", "n", "user", null, null, null, null)) { MaxAttempts = 5 };
        var json = System.Text.Json.JsonSerializer.Serialize(input);
        Assert.Contains("\"retry_safe\":true", json);
        var back = System.Text.Json.JsonSerializer.Deserialize<ToolCallJobInput>(json)!;
        Assert.Equal(5, back.MaxAttempts);
        Assert.Equal(1, back.Arguments?["n"]?.GetValue<int>());
        Assert.Equal("p", back.Caller.Principal);
    }
}
