using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.TestServer;

/// <summary>Prompts and completions (conformance fixtures).</summary>
public static class Prompts
{
    private static readonly Prompt[] List =
    [
        new() { Name = "test_simple_prompt", Description = "A simple prompt without arguments" },
        new()
        {
            Name = "test_prompt_with_arguments", Description = "A prompt with two required arguments",
            Arguments =
            [
                new() { Name = "arg1", Description = "First test argument", Required = true },
                new() { Name = "arg2", Description = "Second test argument", Required = true },
            ],
        },
        new()
        {
            Name = "test_prompt_with_embedded_resource", Description = "A prompt that embeds a resource",
            Arguments = [new() { Name = "resourceUri", Description = "URI of the resource to embed", Required = true }],
        },
        new() { Name = "test_prompt_with_image", Description = "A prompt with image content" },
    ];

    public static void Configure(McpServerHandlers handlers)
    {
        handlers.ListPromptsHandler = static (_, _) => ValueTask.FromResult(new ListPromptsResult { Prompts = [.. List] });
        handlers.GetPromptHandler = static (request, _) => ValueTask.FromResult(Get(request.Params?.Name ?? "", request.Params?.Arguments));
    }

    private static GetPromptResult Get(string name, IDictionary<string, System.Text.Json.JsonElement>? args)
    {
        string Arg(string key) => args is not null && args.TryGetValue(key, out var v) ? v.ToString() : "";
        PromptMessage User(ContentBlock content) => new() { Role = Role.User, Content = content };
        PromptMessage UserText(string text) => User(new TextContentBlock { Text = text });

        IList<PromptMessage> messages = name switch
        {
            "test_simple_prompt" => [UserText("This is a simple prompt for testing.")],
            "test_prompt_with_arguments" => [UserText($"Prompt with arguments: arg1='{Arg("arg1")}', arg2='{Arg("arg2")}'")],
            "test_prompt_with_embedded_resource" =>
            [
                User(new EmbeddedResourceBlock
                {
                    Resource = new TextResourceContents { Uri = Arg("resourceUri"), MimeType = "text/plain", Text = "Embedded resource content for testing." },
                }),
                UserText("Please process the embedded resource above."),
            ],
            "test_prompt_with_image" => [User(ImageContentBlock.FromBytes(ConformanceTools.Png, "image/png")), UserText("Please analyze the image above.")],
            _ => throw new McpProtocolException($"Unknown prompt: {name}", McpErrorCode.InvalidParams),
        };
        return new GetPromptResult { Messages = messages };
    }
}

/// <summary>completion/complete for the prompt arguments and the resource template's id.</summary>
public static class Completions
{
    private static readonly string[] ArgumentValues = ["paris", "park", "party", "test", "testValue1", "testValue2"];
    private static readonly string[] Ids = ["1", "2", "3", "123"];

    public static void Configure(McpServerHandlers handlers)
    {
        handlers.CompleteHandler = static (request, _) =>
        {
            var prefix = request.Params?.Argument?.Value ?? "";
            string[] candidates = request.Params?.Ref switch
            {
                PromptReference { Name: "test_prompt_with_arguments" } => ArgumentValues,
                ResourceTemplateReference => Ids,
                _ => [],
            };
            var values = candidates.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            return ValueTask.FromResult(new CompleteResult { Completion = new() { Values = values, Total = values.Count, HasMore = false } });
        };
    }
}
