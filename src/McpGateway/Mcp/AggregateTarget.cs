using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Security;

namespace McpGateway.Mcp;

/// <summary>
/// <c>/mcp</c>: every template the caller may see as one server. Lists are merged with namespaced names
/// (<see cref="Namespacing"/>) and returned whole; calls are unwrapped and sent to their template. A template that fails
/// or has no healthy instance is left out of a list rather than failing it.
/// </summary>
internal sealed class AggregateTarget(
    HttpContext context,
    GatewayRegistry registry,
    ITemplateAccess access,
    UpstreamForwarder forwarder,
    Func<string, IMcpTarget> templateTarget,
    ILogger<AggregateTarget> logger) : IMcpTarget
{
    public string Name => McpSessionRecord.AggregateTarget;

    private IEnumerable<string> Visible => registry.Templates.Select(t => t.Name).Where(t => access.CanUseTemplate(context.User, t)).Order(StringComparer.Ordinal);

    public async Task<ServerDescription> DescribeAsync(McpCall call)
    {
        var capabilities = new JsonObject();
        var templates = new List<string>();
        foreach (var template in Visible)
        {
            try
            {
                var description = await templateTarget(template).DescribeAsync(call).ConfigureAwait(false);
                Merge(capabilities, description.Capabilities);
                templates.Add(template);
            }
            catch (Exception e) when (!call.Cancellation.IsCancellationRequested)
            {
                logger.LogDebug(e, "Template {Template} left out of the aggregate description.", template);
            }
        }
        var instructions = $"One MCP server over the templates {string.Join(", ", templates)}. Tool and prompt names are "
            + $"'{{template}}{Namespacing.Separator}{{name}}'; resource URIs are '{Namespacing.UriPrefix}{{template}}/{{percent-encoded original URI}}'.";
        return new ServerDescription(capabilities, (JsonObject)McpDispatcher.GatewayInfo.DeepClone(), instructions);
    }

    public async Task<JsonNode?> HandleAsync(string method, JsonObject? parameters, McpCall call)
    {
        switch (method)
        {
            case "tools/list":
                return await ListAsync(method, "tools", parameters, call, (t, item) => RenameItem(t, item, "name", Namespacing.MaxToolName)).ConfigureAwait(false);
            case "prompts/list":
                return await ListAsync(method, "prompts", parameters, call, (t, item) => RenameItem(t, item, "name", int.MaxValue)).ConfigureAwait(false);
            case "resources/list":
                return await ListAsync(method, "resources", parameters, call, (t, item) => WrapItem(item, "uri", u => Namespacing.Uri(t, u))).ConfigureAwait(false);
            case "resources/templates/list":
                return await ListAsync(method, "resourceTemplates", parameters, call, (t, item) => WrapItem(item, "uriTemplate", u => Namespacing.UriTemplate(t, u))).ConfigureAwait(false);
            case "tools/call" or "prompts/get":
            {
                var (template, copy) = Unwrap(parameters, "name", method == "tools/call" ? "tool" : "prompt", isUri: false);
                if (method == "tools/call" && !access.CanCallTool(context.User, template, copy["name"]!.GetValue<string>()))
                {
                    throw new McpRequestException(403, McpErrors.Forbidden, $"Forbidden: the caller may not call '{parameters!["name"]}'.");
                }
                return await SendAsync(template, method, copy, call).ConfigureAwait(false);
            }
            case "resources/read":
            {
                var (template, copy) = Unwrap(parameters, "uri", "resource", isUri: true);
                var result = await SendAsync(template, method, copy, call).ConfigureAwait(false);
                if (result?["contents"] is JsonArray contents)
                {
                    foreach (var content in contents.OfType<JsonObject>())
                    {
                        WrapItem(content, "uri", u => Namespacing.Uri(template, u));
                    }
                }
                return result;
            }
            case "resources/subscribe" or "resources/unsubscribe":
            {
                var (template, copy) = Unwrap(parameters, "uri", "resource", isUri: true);
                return await SendAsync(template, method, copy, call).ConfigureAwait(false);
            }
            case "completion/complete":
                return await CompleteAsync(parameters, call).ConfigureAwait(false);
            case "logging/setLevel":
                foreach (var template in Visible)
                {
                    try
                    {
                        await SendAsync(template, method, parameters, call).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!call.Cancellation.IsCancellationRequested)
                    {
                        logger.LogDebug(e, "Template {Template} did not take the log level.", template);
                    }
                }
                return new JsonObject();
            default:
                throw McpRequestException.MethodNotFound(method);
        }
    }

    /// <summary>Client notifications are not fanned out to every template's upstream session (see docs/mcp-front-door.md).</summary>
    public Task NotifyAsync(string method, JsonObject? parameters, McpCall call) => Task.CompletedTask;

    private Task<JsonNode?> SendAsync(string template, string method, JsonObject? parameters, McpCall call)
        => forwarder.SendAsync(template, method, parameters, call, notification => WrapNotification(template, notification));

    private async Task<JsonNode?> CompleteAsync(JsonObject? parameters, McpCall call)
    {
        if (parameters?["ref"] is not JsonObject reference)
        {
            throw McpRequestException.InvalidParams("Invalid params: 'ref' is required.");
        }
        var copy = (JsonObject)parameters.DeepClone();
        var copyRef = (JsonObject)copy["ref"]!;
        string template;
        if (reference["type"]?.GetValue<string>() == "ref/resource")
        {
            if (!Namespacing.TrySplitUri(reference["uri"]?.GetValue<string>(), out template, out var uri))
            {
                throw McpRequestException.InvalidParams($"Invalid params: resource URIs here are '{Namespacing.UriPrefix}{{template}}/...'.");
            }
            copyRef["uri"] = uri;
        }
        else
        {
            if (!Namespacing.TrySplitName(reference["name"]?.GetValue<string>(), out template, out var name))
            {
                throw McpRequestException.InvalidParams("Invalid params: prompt names here are '{template}.{name}'.");
            }
            copyRef["name"] = name;
        }
        RequireVisible(template);
        return await SendAsync(template, "completion/complete", copy, call).ConfigureAwait(false);
    }

    private async Task<JsonNode?> ListAsync(string method, string member, JsonObject? parameters, McpCall call, Func<string, JsonObject, bool> rename)
    {
        var templates = Visible.ToList();
        var pages = await Task.WhenAll(templates.Select(t => ListTemplateAsync(t, method, member, parameters, call))).ConfigureAwait(false);
        var all = new JsonArray();
        for (var i = 0; i < templates.Count; i++)
        {
            foreach (var item in pages[i])
            {
                if (rename(templates[i], item))
                {
                    all.Add(item);
                }
            }
        }
        return new JsonObject { [member] = all };
    }

    private async Task<List<JsonObject>> ListTemplateAsync(string template, string method, string member, JsonObject? parameters, McpCall call)
    {
        var items = new List<JsonObject>();
        try
        {
            string? cursor = null;
            for (var page = 0; page < 100; page++)
            {
                var pageParameters = parameters is null ? new JsonObject() : (JsonObject)parameters.DeepClone();
                pageParameters.Remove("cursor");
                if (cursor is not null)
                {
                    pageParameters["cursor"] = cursor;
                }
                var result = await forwarder.SendAsync(template, method, pageParameters, call).ConfigureAwait(false);
                if (result?[member] is JsonArray array)
                {
                    items.AddRange(array.OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()));
                }
                cursor = result?["nextCursor"] is JsonValue next && next.TryGetValue<string>(out var c) && c.Length > 0 ? c : null;
                if (cursor is null)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (!call.Cancellation.IsCancellationRequested)
        {
            logger.LogWarning("Template {Template} left out of {Method}: {Reason}", template, method, e.Message);
        }
        return items;
    }

    private (string Template, JsonObject Parameters) Unwrap(JsonObject? parameters, string field, string what, bool isUri)
    {
        var value = parameters?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        string template, original;
        var ok = isUri ? Namespacing.TrySplitUri(value, out template, out original) : Namespacing.TrySplitName(value, out template, out original);
        if (!ok)
        {
            throw McpRequestException.InvalidParams(isUri
                ? $"Unknown {what} '{value}': resource URIs here are '{Namespacing.UriPrefix}{{template}}/{{percent-encoded URI}}'."
                : $"Unknown {what} '{value}': names here are '{{template}}{Namespacing.Separator}{{name}}'.");
        }
        RequireVisible(template);
        var copy = (JsonObject)parameters!.DeepClone();
        copy[field] = original;
        return (template, copy);
    }

    private void RequireVisible(string template)
    {
        if (registry.Find(template) is null || !access.CanUseTemplate(context.User, template))
        {
            throw McpRequestException.InvalidParams($"Unknown template '{template}'.");
        }
    }

    private bool RenameItem(string template, JsonObject item, string field, int maxLength)
    {
        if (item[field] is not JsonValue v || !v.TryGetValue<string>(out var name))
        {
            return false;
        }
        if (maxLength == Namespacing.MaxToolName && !access.CanCallTool(context.User, template, name))
        {
            return false;
        }
        var qualified = Namespacing.Name(template, name);
        if (qualified.Length > maxLength)
        {
            logger.LogWarning("Tool {Tool} of {Template} is left out of /mcp: its namespaced name exceeds {Max} characters.", name, template, maxLength);
            return false;
        }
        item[field] = qualified;
        return true;
    }

    private static bool WrapItem(JsonObject item, string field, Func<string, string> wrap)
    {
        if (item[field] is not JsonValue v || !v.TryGetValue<string>(out var value))
        {
            return false;
        }
        item[field] = wrap(value);
        return true;
    }

    private static JsonObject WrapNotification(string template, JsonObject notification)
    {
        if (notification["params"] is JsonObject parameters)
        {
            WrapItem(parameters, "uri", u => Namespacing.Uri(template, u));
        }
        return notification;
    }

    /// <summary>Union of capabilities: a feature is present if any template has it; boolean flags are OR-ed.</summary>
    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (value is JsonObject child)
            {
                if (into[key] is not JsonObject existing)
                {
                    into[key] = existing = [];
                }
                Merge(existing, child);
            }
            else if (value is JsonValue flag && flag.TryGetValue<bool>(out var b))
            {
                into[key] = (into[key] is JsonValue old && old.TryGetValue<bool>(out var o) && o) || b;
            }
            else if (!into.ContainsKey(key))
            {
                into[key] = value?.DeepClone();
            }
        }
    }
}
