using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Client;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Spectre.Console;

namespace McpGateway.Cli.Commands;

/// <summary><c>tools list</c> and <c>tools call</c>.</summary>
internal static class ToolCommands
{
    public static Command Create(CliCommands cli)
    {
        var tools = new Command("tools", "List and call a template's tools");
        tools.Subcommands.Add(List(cli));
        tools.Subcommands.Add(Call(cli));
        return tools;
    }

    private static Command List(CliCommands cli)
    {
        var template = new Argument<string>("TEMPLATE");
        var command = new Command("list", "List a template's tools") { template };
        cli.Action(command, async (context, parse, ct) =>
        {
            var list = await context.Client.ListToolsAsync(parse.GetValue(template)!, ct);
            if (context.Json)
            {
                var array = JsonSerializer.SerializeToNode(list, McpJsonUtilities.DefaultOptions);
                context.WriteJson(new JsonObject { ["tools"] = array, ["count"] = list.Count });
                return ExitCodes.Ok;
            }
            var table = CliContext.NewTable("TOOL", "ARGUMENTS", "DESCRIPTION");
            foreach (var tool in list)
            {
                var description = tool.Description ?? "";
                var firstLine = description.Split('\n')[0];
                table.AddRow(Markup.Escape(tool.Name), Markup.Escape(Arguments(tool)), Markup.Escape(firstLine.Length > 100 ? firstLine[..97] + "..." : firstLine));
            }
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Call(CliCommands cli)
    {
        var template = new Argument<string>("TEMPLATE");
        var tool = new Argument<string>("TOOL");
        var args = new Option<string[]>("--arg") { Description = "k=v argument (typed by the tool's schema; k:=json for raw JSON); repeatable" };
        var argsJson = new Option<string>("--args-json") { Description = "All arguments as one JSON object" };
        var async = new Option<bool>("--async") { Description = "Run as a job and print its id at once" };
        var follow = new Option<bool>("--follow") { Description = "Run as a job and follow it with a live progress bar until it finishes" };
        var command = new Command("call", "Call a tool") { template, tool, args, argsJson, async, follow };
        cli.Action(command, async (context, parse, ct) =>
        {
            var templateName = parse.GetValue(template)!;
            var toolName = parse.GetValue(tool)!;
            var pairs = parse.GetValue(args) ?? [];
            Tool? definition = null;
            if (ToolArguments.NeedsSchema(pairs))
            {
                definition = (await context.Client.ListToolsAsync(templateName, ct)).FirstOrDefault(t => t.Name == toolName);
            }
            var arguments = ToolArguments.Parse(pairs, parse.GetValue(argsJson), definition);
            if (parse.GetValue(async) || parse.GetValue(follow))
            {
                var job = await context.Client.StartJobAsync(templateName, toolName, arguments, ct);
                if (!parse.GetValue(follow))
                {
                    if (context.Json)
                    {
                        context.WriteJson(job);
                    }
                    else
                    {
                        context.Out.WriteLine(job.JobId);
                        context.ErrorConsole.MarkupLine($"[grey]Job {Markup.Escape(job.JobId)} {Markup.Escape(job.Status)}: follow it with `mcpgw jobs watch {Markup.Escape(job.JobId)}`.[/]");
                    }
                    return ExitCodes.Ok;
                }
                return await JobFollower.FollowAsync(context, job.JobId, $"{templateName}/{toolName}", ct);
            }
            var result = await context.Client.CallToolAsync(templateName, toolName, arguments, ct);
            return ResultPrinter.Print(context, result);
        });
        return command;
    }

    private static string Arguments(Tool tool)
    {
        if (tool.InputSchema.ValueKind != JsonValueKind.Object || !tool.InputSchema.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object)
        {
            return "";
        }
        var required = tool.InputSchema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(e => e.GetString()).ToHashSet()
            : [];
        return string.Join(", ", properties.EnumerateObject().Select(p => required.Contains(p.Name) ? p.Name : p.Name + "?"));
    }
}
