using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using static ModelContextProtocol.Protocol.ElicitRequestParams;

namespace McpGateway.TestServer;

/// <summary>Fixture tools required by the server scenarios of @modelcontextprotocol/conformance.</summary>
public static class ConformanceTools
{
    /// <summary>A 1x1 red PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /// <summary>A 10 ms, 8 kHz, 16-bit mono WAV of silence.</summary>
    public static readonly byte[] Wav = CreateWav(sampleRate: 8000, samples: 80);

    private const string JsonSchema2020Tool = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "$defs": {
            "address": { "type": "object", "properties": { "street": { "type": "string" }, "city": { "type": "string" } } }
          },
          "properties": { "name": { "type": "string" }, "address": { "$ref": "#/$defs/address" } },
          "additionalProperties": false
        }
        """;

    public static IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(
            () => "This is a simple text response for testing.",
            new() { Name = "test_simple_text", Description = "Returns simple text content." });

        yield return McpServerTool.Create(
            () => new CallToolResult { Content = [ImageContentBlock.FromBytes(Png, "image/png")] },
            new() { Name = "test_image_content", Description = "Returns image content (1x1 PNG)." });

        yield return McpServerTool.Create(
            () => new CallToolResult { Content = [AudioContentBlock.FromBytes(Wav, "audio/wav")] },
            new() { Name = "test_audio_content", Description = "Returns audio content (short WAV)." });

        yield return McpServerTool.Create(
            () => new CallToolResult
            {
                Content = [new EmbeddedResourceBlock
                {
                    Resource = new TextResourceContents
                    {
                        Uri = "test://embedded-resource", MimeType = "text/plain", Text = "This is an embedded resource content.",
                    },
                }],
            },
            new() { Name = "test_embedded_resource", Description = "Returns an embedded text resource." });

        yield return McpServerTool.Create(
            () => new CallToolResult
            {
                Content =
                [
                    new TextContentBlock { Text = "Multiple content types test:" },
                    ImageContentBlock.FromBytes(Png, "image/png"),
                    new EmbeddedResourceBlock
                    {
                        Resource = new TextResourceContents
                        {
                            Uri = "test://mixed-content-resource", MimeType = "application/json", Text = """{"test":"data","value":123}""",
                        },
                    },
                ],
            },
            new() { Name = "test_multiple_content_types", Description = "Returns text, image and resource content." });

        yield return McpServerTool.Create(
            async (RequestContext<CallToolRequestParams> context, CancellationToken ct) =>
            {
                string[] messages = ["Tool execution started", "Tool processing data", "Tool execution completed"];
                for (int i = 0; i < messages.Length; i++)
                {
                    if (i > 0)
                    {
                        await Task.Delay(50, ct);
                    }

                    await LogAsync(context.Server, LoggingLevel.Info, messages[i], ct);
                }

                return "Tool with logging executed successfully";
            },
            new() { Name = "test_tool_with_logging", Description = "Sends three info log notifications while running." });

        yield return McpServerTool.Create(
            async (RequestContext<CallToolRequestParams> context, CancellationToken ct) =>
            {
                var token = context.Params?.ProgressToken;
                int[] steps = [0, 50, 100];
                for (int i = 0; i < steps.Length; i++)
                {
                    if (i > 0)
                    {
                        await Task.Delay(50, ct);
                    }

                    if (token is { } progressToken)
                    {
                        await context.Server.NotifyProgressAsync(progressToken,
                            new ProgressNotificationValue { Progress = steps[i], Total = 100 }, cancellationToken: ct);
                    }
                }

                return "Tool with progress executed successfully";
            },
            new() { Name = "test_tool_with_progress", Description = "Reports progress 0, 50, 100 of 100." });

        yield return McpServerTool.Create(
            () => new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock { Text = "This tool intentionally returns an error for testing" }],
            },
            new() { Name = "test_error_handling", Description = "Always returns an error result." });

        yield return McpServerTool.Create(
            async ([Description("The prompt to send to the LLM")] string prompt, RequestContext<CallToolRequestParams> context, CancellationToken ct) =>
            {
                var result = await ClientRequests.SampleAsync(context, new CreateMessageRequestParams
                {
                    Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                    MaxTokens = 100,
                }, ct);
                return "LLM response: " + string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
            },
            new() { Name = "test_sampling", Description = "Requests LLM sampling from the client." });

        yield return McpServerTool.Create(
            async ([Description("The message to show the user")] string message, RequestContext<CallToolRequestParams> context, CancellationToken ct) =>
            {
                var result = await ClientRequests.ElicitAsync(context, new ElicitRequestParams
                {
                    Message = message,
                    RequestedSchema = new()
                    {
                        Properties =
                        {
                            ["username"] = new StringSchema { Description = "User's response" },
                            ["email"] = new StringSchema { Description = "User's email address" },
                        },
                        Required = ["username", "email"],
                    },
                }, ct);
                return $"User response: action={result.Action}, content={JsonSerializer.Serialize(result.Content, McpJsonUtilities.DefaultOptions)}";
            },
            new() { Name = "test_elicitation", Description = "Requests user input from the client." });

        yield return McpServerTool.Create(
            async (RequestContext<CallToolRequestParams> context, CancellationToken ct) => ElicitationText(await ClientRequests.ElicitAsync(context, new ElicitRequestParams
            {
                Message = "Please review and update the form fields with defaults",
                RequestedSchema = new()
                {
                    Properties =
                    {
                        ["name"] = new StringSchema { Description = "User name", Default = "John Doe" },
                        ["age"] = new NumberSchema { Type = "integer", Description = "User age", Default = 30 },
                        ["score"] = new NumberSchema { Description = "User score", Default = 95.5 },
                        ["status"] = new UntitledSingleSelectEnumSchema { Description = "User status", Enum = ["active", "inactive", "pending"], Default = "active" },
                        ["verified"] = new BooleanSchema { Description = "Verification status", Default = true },
                    },
                },
            }, ct)),
            new() { Name = "test_elicitation_sep1034_defaults", Description = "Elicitation with default values for all primitive types (SEP-1034)." });

        yield return McpServerTool.Create(
            async (RequestContext<CallToolRequestParams> context, CancellationToken ct) => ElicitationText(await ClientRequests.ElicitAsync(context, new ElicitRequestParams
            {
                Message = "Please select options from the enum fields",
                RequestedSchema = new()
                {
                    Properties =
                    {
                        ["untitledSingle"] = new UntitledSingleSelectEnumSchema { Description = "Untitled single-select", Enum = ["option1", "option2", "option3"] },
                        ["titledSingle"] = new TitledSingleSelectEnumSchema
                        {
                            Description = "Titled single-select",
                            OneOf = [Option("value1", "First Option"), Option("value2", "Second Option"), Option("value3", "Third Option")],
                        },
#pragma warning disable MCP9001 // the legacy enumNames form is exactly what the scenario checks
                        ["legacyEnum"] = new LegacyTitledEnumSchema
                        {
                            Description = "Legacy titled enum", Enum = ["opt1", "opt2", "opt3"], EnumNames = ["Option One", "Option Two", "Option Three"],
                        },
#pragma warning restore MCP9001
                        ["untitledMulti"] = new UntitledMultiSelectEnumSchema
                        {
                            Description = "Untitled multi-select", Items = new() { Type = "string", Enum = ["option1", "option2", "option3"] },
                        },
                        ["titledMulti"] = new TitledMultiSelectEnumSchema
                        {
                            Description = "Titled multi-select",
                            Items = new() { AnyOf = [Option("value1", "First Choice"), Option("value2", "Second Choice"), Option("value3", "Third Choice")] },
                        },
                    },
                },
            }, ct)),
            new() { Name = "test_elicitation_sep1330_enums", Description = "Elicitation with all enum schema variants (SEP-1330)." });

        var schemaTool = McpServerTool.Create(
            () => "JSON Schema 2020-12 tool called",
            new() { Name = "json_schema_2020_12_tool", Description = "Tool with JSON Schema 2020-12 features" });
        schemaTool.ProtocolTool.InputSchema = JsonDocument.Parse(JsonSchema2020Tool).RootElement.Clone();
        yield return schemaTool;
    }

    /// <summary>Sends a notifications/message log entry unless the client asked for a higher level.</summary>
    public static async Task LogAsync(McpServer server, LoggingLevel level, string message, CancellationToken ct)
    {
        if (server.LoggingLevel is { } minimum && level < minimum)
        {
            return;
        }

        await server.SendNotificationAsync(NotificationMethods.LoggingMessageNotification, new LoggingMessageNotificationParams
        {
            Level = level,
            Logger = "test-server",
            Data = JsonSerializer.SerializeToElement(message, McpJsonUtilities.DefaultOptions),
        }, cancellationToken: ct);
    }

    private static EnumSchemaOption Option(string value, string title) => new() { Const = value, Title = title };

    private static string ElicitationText(ElicitResult result) =>
        $"Elicitation completed: action={result.Action}, content={JsonSerializer.Serialize(result.Content, McpJsonUtilities.DefaultOptions)}";

    private static byte[] CreateWav(int sampleRate, int samples)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            int dataBytes = samples * 2;
            w.Write("RIFF"u8);
            w.Write(36 + dataBytes);
            w.Write("WAVEfmt "u8);
            w.Write(16);                 // fmt chunk size
            w.Write((short)1);           // PCM
            w.Write((short)1);           // mono
            w.Write(sampleRate);
            w.Write(sampleRate * 2);     // byte rate
            w.Write((short)2);           // block align
            w.Write((short)16);          // bits per sample
            w.Write("data"u8);
            w.Write(dataBytes);
            w.Write(new byte[dataBytes]);
        }

        return stream.ToArray();
    }
}
