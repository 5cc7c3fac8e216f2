using System.Text.Json.Serialization;
using Microsoft.DurableTask;

namespace McpGateway.Functions.Jobs;

/// <summary>
/// A batch (<c>POST /mcp/{template}/tools/batch</c>) as a fan-out/fan-in orchestration: one <see cref="ToolCallOrchestrator"/>
/// sub-orchestration per call, whose instance id is the call's job id (so each item reads, cancels and fails like a single job),
/// at most <see cref="ToolBatchInput.MaxParallel"/> running at once. Each item ends on its own (a failed item does not stop the
/// others); the custom status is "k of N done" (<see cref="ToolBatchProgress"/>), the output the count per terminal status.
/// </summary>
public sealed class ToolBatchOrchestrator : TaskOrchestrator<ToolBatchInput, ToolBatchProgress>
{
    public const string Name = nameof(ToolBatchOrchestrator);

    public override async Task<ToolBatchProgress> RunAsync(TaskOrchestrationContext context, ToolBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var total = input.Jobs.Count;
        var window = input.MaxParallel > 0 ? Math.Min(input.MaxParallel, total) : total;
        var running = new List<Task<ToolCallJobResult>>(window);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var next = 0;
        var done = 0;
        context.SetCustomStatus(new ToolBatchProgress(0, total, counts));
        while (done < total)
        {
            while (running.Count < window && next < total)
            {
                var job = input.Jobs[next++];
                running.Add(context.CallSubOrchestratorAsync<ToolCallJobResult>(ToolCallOrchestrator.Name, job,
                    new SubOrchestrationOptions { InstanceId = job.JobId }));
            }
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            var status = await StatusOfAsync(finished);
            counts[status] = counts.GetValueOrDefault(status) + 1;
            done++;
            context.SetCustomStatus(new ToolBatchProgress(done, total, counts));
        }
        return new ToolBatchProgress(done, total, counts);
    }

    /// <summary>An item's terminal status; an item whose orchestration failed outright counts as failed (its record says why).</summary>
    private static async Task<string> StatusOfAsync(Task<ToolCallJobResult> item)
    {
        try
        {
            return (await item).Status;
        }
        catch (TaskFailedException)
        {
            return ToolCallJobStatus.Failed;
        }
    }
}

/// <summary>The input of <see cref="ToolBatchOrchestrator"/>: the batch id (its instance id), its jobs, and its parallelism cap (0: all at once).</summary>
public sealed record ToolBatchInput(
    [property: JsonPropertyName("batch_id")] string BatchId,
    [property: JsonPropertyName("jobs")] IReadOnlyList<ToolCallJobInput> Jobs,
    [property: JsonPropertyName("max_parallel")] int MaxParallel);

/// <summary>"k of N done", and how many items ended in each status.</summary>
public sealed record ToolBatchProgress(
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, int> Counts);
