using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.TestServer;

/// <summary>The gateway-test tools: echo, add, whoami, slow, progress, fail, error, crash, hang, counters, sample, elicit.</summary>
public static class CoreTools
{
    private static readonly JsonElement AddOutputSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}""").RootElement.Clone();

    public static IEnumerable<McpServerTool> Create(ServerState state)
    {
        yield return McpServerTool.Create(
            ([Description("Text to return")] string message) => message,
            new() { Name = "echo", Description = "Returns the message as text.", ReadOnly = true });

        yield return McpServerTool.Create(
            ([Description("First addend")] double a, [Description("Second addend")] double b) =>
            {
                double sum = a + b;
                return new CallToolResult
                {
                    Content = [new TextContentBlock { Text = sum.ToString(CultureInfo.InvariantCulture) }],
                    StructuredContent = JsonSerializer.SerializeToElement(new Dictionary<string, double> { ["sum"] = sum }, McpJsonUtilities.DefaultOptions),
                };
            },
            new() { Name = "add", Description = "Adds a and b; text and structuredContent {sum}.", UseStructuredContent = true, OutputSchema = AddOutputSchema });

        yield return McpServerTool.Create(
            () => state.Id,
            new() { Name = "whoami", Description = "Returns the --id of this server instance.", ReadOnly = true });

        yield return McpServerTool.Create(
            async ([Description("Milliseconds to wait")] int ms, CancellationToken ct) =>
            {
                await WaitAsync(state, ms, ct);
                return "done";
            },
            new() { Name = "slow", Description = "Waits ms milliseconds (cancellable), then returns 'done'." });

        yield return McpServerTool.Create(
            async ([Description("Milliseconds to wait")] int ms, CancellationToken ct) =>
            {
                await WaitAsync(state, ms, ct);
                return "read done";
            },
            new() { Name = "slow_read", Description = "Like slow, but annotated readOnly (safe to run again).", ReadOnly = true });

        yield return McpServerTool.Create(
            async ([Description("Number of progress notifications")] int steps,
                   [Description("Delay between notifications in ms")] int delay_ms,
                   RequestContext<CallToolRequestParams> context, CancellationToken ct) =>
            {
                var token = context.Params?.ProgressToken;
                for (int i = 1; i <= steps; i++)
                {
                    if (i > 1 && delay_ms > 0)
                    {
                        await WaitAsync(state, delay_ms, ct);
                    }

                    if (token is { } progressToken)
                    {
                        await context.Server.NotifyProgressAsync(progressToken,
                            new ProgressNotificationValue { Progress = i, Total = steps, Message = $"step {i}" },
                            cancellationToken: ct);
                    }
                }

                return $"completed {steps} steps";
            },
            new() { Name = "progress", Description = "Sends steps progress notifications (progress=i, total=steps), delay_ms apart." });

        yield return McpServerTool.Create(
            () => new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "tool failed on purpose" }] },
            new() { Name = "fail", Description = "Returns a tool result with isError=true." });

        yield return McpServerTool.Create(
            ([Description("JSON-RPC error code")] int code, [Description("Error message")] string message) =>
            {
                throw new McpProtocolException(message, (McpErrorCode)code);
#pragma warning disable CS0162 // the lambda needs a return type for the SDK to bind it
                return "";
#pragma warning restore CS0162
            },
            new() { Name = "error", Description = "Fails the request with a JSON-RPC error of the given code and message." });

        yield return McpServerTool.Create(
            () =>
            {
                Console.Error.WriteLine("crash tool called: exiting with code 3");
                Console.Error.Flush();
                ExitImmediately(3);
                return "unreachable";
            },
            new() { Name = "crash", Description = "Kills this server process (exit code 3) while the call is in flight." });

        yield return McpServerTool.Create(
            ([Description("The --id of the instance that must crash")] string id) =>
            {
                if (id != state.Id)
                {
                    return "survived on " + state.Id;
                }
                Console.Error.WriteLine("crash_readonly tool called: exiting with code 3");
                Console.Error.Flush();
                ExitImmediately(3);
                return "unreachable";
            },
            new() { Name = "crash_readonly", Description = "Annotated readOnly; kills this process when id matches its --id, else returns 'survived on {id}'.", ReadOnly = true });

        yield return McpServerTool.Create(
            async (CancellationToken ct) =>
            {
                await WaitAsync(state, Timeout.Infinite, ct);
                return "unreachable";
            },
            new() { Name = "hang", Description = "Never returns (until cancelled)." });

        yield return McpServerTool.Create(
            () => state.Increment().ToString(CultureInfo.InvariantCulture),
            new() { Name = "increment", Description = "Increments the process-wide counter and returns the new value (not idempotent)." });

        yield return McpServerTool.Create(
            () => state.Count.ToString(CultureInfo.InvariantCulture),
            new() { Name = "get_count", Description = "Returns the process-wide counter.", ReadOnly = true });

        yield return McpServerTool.Create(
            ([Description("New counter value")] int value) =>
            {
                state.SetCount(value);
                return value.ToString(CultureInfo.InvariantCulture);
            },
            new() { Name = "idempotent_set", Description = "Sets the process-wide counter to value.", Idempotent = true });

        yield return McpServerTool.Create(
            () => state.CancelledCount.ToString(CultureInfo.InvariantCulture),
            new() { Name = "cancelled_count", Description = "How many tool calls were cancelled so far.", ReadOnly = true });

        yield return McpServerTool.Create(
            async ([Description("Prompt for the client's model")] string prompt, RequestContext<CallToolRequestParams> context, CancellationToken ct) =>
            {
                var result = await ClientRequests.SampleAsync(context, new CreateMessageRequestParams
                {
                    Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                    MaxTokens = 100,
                }, ct);
                return string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
            },
            new() { Name = "sample", Description = "Asks the client for sampling (sampling/createMessage) and returns the model's text." });

        yield return McpServerTool.Create(
            async ([Description("Message shown to the user")] string message, RequestContext<CallToolRequestParams> context, CancellationToken ct) =>
            {
                var result = await ClientRequests.ElicitAsync(context, new ElicitRequestParams
                {
                    Message = message,
                    RequestedSchema = new()
                    {
                        Properties = { ["answer"] = new ElicitRequestParams.StringSchema { Description = "The user's answer" } },
                    },
                }, ct);
                return JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions);
            },
            new() { Name = "elicit", Description = "Asks the client via elicitation/create and returns the result as JSON text." });
    }

    /// <summary>Waits, counting the call as cancelled when the token fires.</summary>
    private static async Task WaitAsync(ServerState state, int ms, CancellationToken ct)
    {
        try
        {
            await Task.Delay(ms, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            state.RecordCancelled();
            throw;
        }
    }

    private static void ExitImmediately(int code)
    {
        if (!OperatingSystem.IsWindows())
        {
            // _exit skips ProcessExit handlers: a graceful Environment.Exit would wait for this very request to drain.
            NativeExit(code);
        }

        Process.GetCurrentProcess().Kill();
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void NativeExit(int code);
}
