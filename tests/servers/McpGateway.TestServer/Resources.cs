using System.Text.Json;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.TestServer;

/// <summary>Resources, the resource template and subscriptions (conformance fixtures).</summary>
public static partial class Resources
{
    public const string StaticText = "test://static-text";
    public const string StaticBinary = "test://static-binary";
    public const string Watched = "test://watched-resource";

    private static readonly Resource[] List =
    [
        new() { Uri = StaticText, Name = "static-text", Description = "A static text resource", MimeType = "text/plain" },
        new() { Uri = StaticBinary, Name = "static-binary", Description = "A static binary resource (1x1 PNG)", MimeType = "image/png" },
        new() { Uri = Watched, Name = "watched-resource", Description = "A resource for subscription tests", MimeType = "text/plain" },
    ];

    private static readonly ResourceTemplate[] Templates =
    [
        new() { UriTemplate = "test://template/{id}/data", Name = "template-data", Description = "Data for an id", MimeType = "application/json" },
    ];

    [GeneratedRegex("^test://template/(?<id>[^/]+)/data$")]
    private static partial Regex TemplateUri();

    public static void Configure(McpServerHandlers handlers, ServerState state)
    {
        handlers.ListResourcesHandler = static (_, _) => ValueTask.FromResult(new ListResourcesResult { Resources = [.. List] });
        handlers.ListResourceTemplatesHandler = static (_, _) => ValueTask.FromResult(new ListResourceTemplatesResult { ResourceTemplates = [.. Templates] });
        handlers.ReadResourceHandler = static (request, _) => ValueTask.FromResult(Read(request.Params?.Uri ?? ""));
#pragma warning disable MCP9005 // subscribe/unsubscribe are deprecated in 2026-07-28 but still part of 2025-x
        handlers.SubscribeToResourcesHandler = (request, _) =>
        {
            state.Subscriptions[request.Params?.Uri ?? ""] = true;
            return ValueTask.FromResult(new EmptyResult());
        };
        handlers.UnsubscribeFromResourcesHandler = (request, _) =>
        {
            state.Subscriptions.TryRemove(request.Params?.Uri ?? "", out bool _);
            return ValueTask.FromResult(new EmptyResult());
        };
#pragma warning restore MCP9005
    }

    public static ReadResourceResult Read(string uri)
    {
        ResourceContents contents = uri switch
        {
            StaticText => new TextResourceContents { Uri = uri, MimeType = "text/plain", Text = "This is the content of the static text resource." },
            StaticBinary => BlobResourceContents.FromBytes(ConformanceTools.Png, uri, "image/png"),
            Watched => new TextResourceContents { Uri = uri, MimeType = "text/plain", Text = "Watched resource content." },
            _ when TemplateUri().Match(uri) is { Success: true } m => new TextResourceContents
            {
                Uri = uri,
                MimeType = "application/json",
                Text = JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["id"] = m.Groups["id"].Value, ["templateTest"] = true, ["data"] = $"Data for ID: {m.Groups["id"].Value}",
                }, McpJsonUtilities.DefaultOptions),
            },
            _ => throw new McpProtocolException($"Resource not found: {uri}", McpErrorCode.ResourceNotFound),
        };
        return new ReadResourceResult { Contents = [contents] };
    }
}
