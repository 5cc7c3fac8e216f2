using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Cli;

/// <summary>Prints a <see cref="CallToolResult"/> for people: text as is, other content summarised.</summary>
internal static class ResultPrinter
{
    public static int Print(CliContext context, CallToolResult result)
    {
        if (context.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { WriteIndented = true }));
            return result.IsError == true ? ExitCodes.UpstreamError : ExitCodes.Ok;
        }
        var writer = result.IsError == true ? context.Environment.Error : context.Out;
        if (result.IsError == true)
        {
            writer.WriteLine("error: the tool reported an error:");
        }
        var printed = false;
        foreach (var block in result.Content)
        {
            printed = true;
            writer.WriteLine(block switch
            {
                TextContentBlock text => text.Text,
                ImageContentBlock image => $"[image {image.MimeType}, {image.Data.Length} bytes base64]",
                AudioContentBlock audio => $"[audio {audio.MimeType}, {audio.Data.Length} bytes base64]",
                EmbeddedResourceBlock { Resource: TextResourceContents text } => $"[resource {text.Uri}]\n{text.Text}",
                EmbeddedResourceBlock embedded => $"[resource {embedded.Resource.Uri}, {embedded.Resource.MimeType}]",
                ResourceLinkBlock link => $"[resource link {link.Uri}]",
                _ => $"[{block.Type}]",
            });
        }
        if (!printed && result.StructuredContent is { } structured)
        {
            writer.WriteLine(JsonSerializer.Serialize(structured, new JsonSerializerOptions { WriteIndented = true }));
        }
        return result.IsError == true ? ExitCodes.UpstreamError : ExitCodes.Ok;
    }
}
