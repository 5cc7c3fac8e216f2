using System.CommandLine;
using System.Text.Json.Nodes;
using McpGateway.Client;
using Spectre.Console;

namespace McpGateway.Cli.Commands;

/// <summary><c>register</c>, <c>deregister</c>, <c>registry</c>, <c>health</c>, <c>stats</c>.</summary>
internal static class RegistryCommands
{
    public static Command Register(CliCommands cli)
    {
        var template = new Argument<string>("TEMPLATE") { Description = "The template (kind of MCP server), e.g. filesystem" };
        var endpoint = new Option<string>("--endpoint") { Description = "URL of an HTTP MCP server (Streamable HTTP or SSE)" };
        var commandLine = new Option<string>("--command") { Description = "A stdio MCP server to start, e.g. \"npx -y @modelcontextprotocol/server-everything\"" };
        var args = new Option<string[]>("--arg") { Description = "One more argument for --command (repeatable)" };
        var workingDir = new Option<string>("--working-dir") { Description = "Working directory of --command" };
        var env = new Option<string[]>("--env") { Description = "K=V environment variable of --command (repeatable)" };
        var weight = new Option<int?>("--weight") { Description = "Weight for the weighted strategy" };
        var id = new Option<string>("--id") { Description = "Instance id (default: generated)" };
        var strategy = new Option<string>("--strategy") { Description = "Load-balancing strategy of the template: round_robin, least_connections, weighted, health_based, random" };
        var command = new Command("register", "Register an MCP server instance (an HTTP --endpoint or a stdio --command)")
        {
            template, endpoint, commandLine, args, workingDir, env, weight, id, strategy,
        };
        cli.Action(command, async (context, parse, ct) =>
        {
            var url = parse.GetValue(endpoint);
            var line = parse.GetValue(commandLine);
            if ((url is null) == (line is null))
            {
                throw new UsageException("Give either --endpoint URL (an HTTP MCP server) or --command \"PROGRAM ARGS\" (a stdio MCP server).");
            }
            string? program = null;
            List<string>? arguments = null;
            if (line is not null)
            {
                var parts = CommandLineSplitter.Split(line);
                if (parts.Count == 0)
                {
                    throw new UsageException("--command is empty: give the program to start, e.g. --command \"python server.py\".");
                }
                program = parts[0];
                arguments = [.. parts.Skip(1), .. parse.GetValue(args) ?? []];
            }
            else if (parse.GetValue(args) is { Length: > 0 } || parse.GetValue(env) is { Length: > 0 } || parse.GetValue(workingDir) is not null)
            {
                throw new UsageException("--arg, --env and --working-dir go with --command (a stdio server), not --endpoint.");
            }
            var variables = new Dictionary<string, string>();
            foreach (var pair in parse.GetValue(env) ?? [])
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0)
                {
                    throw new UsageException($"--env '{pair}' is not K=V.");
                }
                variables[pair[..eq]] = pair[(eq + 1)..];
            }
            var registration = new InstanceRegistration
            {
                Template = parse.GetValue(template)!,
                Id = parse.GetValue(id),
                Endpoint = url,
                Command = program,
                Args = arguments,
                Env = variables.Count > 0 ? variables : null,
                WorkingDir = parse.GetValue(workingDir) is { } dir ? Path.GetFullPath(dir) : null,
                Weight = parse.GetValue(weight),
                LoadBalancer = parse.GetValue(strategy) is { } s ? new JsonObject { ["strategy"] = s } : null,
            };
            var result = await context.Client.RegisterAsync(registration, ct);
            if (context.Json)
            {
                context.WriteJson(result);
            }
            else
            {
                var instance = result["instance"];
                context.Say($"[green]Registered[/] {Markup.Escape(registration.Template)}/{CliContext.Cell(instance?["id"])} ({CliContext.Cell(instance?["transport"])})");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Deregister(CliCommands cli)
    {
        var template = new Argument<string>("TEMPLATE");
        var instance = new Argument<string>("INSTANCE");
        var command = new Command("deregister", "Remove an instance (its connection or process is closed)") { template, instance };
        cli.Action(command, async (context, parse, ct) =>
        {
            await context.Client.DeregisterAsync(parse.GetValue(template)!, parse.GetValue(instance)!, ct);
            if (context.Json)
            {
                context.WriteJson(new JsonObject { ["deregistered"] = true, ["template"] = parse.GetValue(template), ["instance_id"] = parse.GetValue(instance) });
            }
            context.Say($"[green]Deregistered[/] {Markup.Escape(parse.GetValue(template)!)}/{Markup.Escape(parse.GetValue(instance)!)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Registry(CliCommands cli)
    {
        var command = new Command("registry", "Every template and instance with its health");
        cli.Action(command, async (context, parse, ct) =>
        {
            var registry = await context.Client.GetRegistryAsync(ct);
            if (context.Json)
            {
                context.WriteJson(registry);
                return ExitCodes.Ok;
            }
            var table = CliContext.NewTable("TEMPLATE", "INSTANCE", "TRANSPORT", "TARGET", "WEIGHT", "STATUS", "STRATEGY");
            var templates = registry["templates"] as JsonObject ?? [];
            foreach (var (name, node) in templates)
            {
                var strategy = node?["load_balancer"]?["strategy"];
                foreach (var instance in node?["instances"] as JsonArray ?? [])
                {
                    var target = instance?["endpoint"] is { } e ? CliContext.Cell(e)
                        : CliContext.Cell(string.Join(' ', new[] { instance?["command"]?.GetValue<string>() ?? "" }
                            .Concat((instance?["args"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? ""))));
                    table.AddRow(Markup.Escape(name), CliContext.Cell(instance?["id"]), CliContext.Cell(instance?["transport"]), target,
                        CliContext.Cell(instance?["weight"]), CliContext.StatusMarkup(instance?["health"]?["status"]?.GetValue<string>()), CliContext.Cell(strategy));
                }
            }
            if (templates.Count == 0)
            {
                context.Say("No instances registered. Add one with `mcpgw register TEMPLATE --endpoint URL` or `--command \"...\"`.");
                return ExitCodes.Ok;
            }
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Health(CliCommands cli)
    {
        var template = new Argument<string?>("TEMPLATE") { Description = "A template (default: the whole gateway)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("health", "Gateway health, or a template's instances") { template };
        cli.Action(command, async (context, parse, ct) =>
        {
            var name = parse.GetValue(template);
            var health = await context.Client.GetHealthAsync(name, ct);
            if (context.Json)
            {
                context.WriteJson(health);
            }
            else if (name is null)
            {
                var table = CliContext.NewTable("STATUS", "VERSION", "UPTIME (s)", "TEMPLATES", "INSTANCES", "HEALTHY");
                table.AddRow(CliContext.StatusMarkup(health["status"]?.GetValue<string>()), CliContext.Cell(health["version"]), CliContext.Cell(health["uptime_seconds"]),
                    CliContext.Cell(health["templates"]), CliContext.Cell(health["total_instances"]), CliContext.Cell(health["healthy_instances"]));
                context.Console.Write(table);
            }
            else
            {
                context.Say($"{Markup.Escape(name)}: {CliContext.Cell(health["healthy_instances"])}/{CliContext.Cell(health["total_instances"])} healthy ({CliContext.Cell(health["health_percentage"])}%)");
                var table = CliContext.NewTable("INSTANCE", "STATUS", "TRANSPORT", "FAILURES", "LATENCY (ms)", "ACTIVE", "LAST ERROR");
                foreach (var (id, i) in health["instances"] as JsonObject ?? [])
                {
                    table.AddRow(Markup.Escape(id), CliContext.StatusMarkup(i?["status"]?.GetValue<string>()), CliContext.Cell(i?["transport"]),
                        CliContext.Cell(i?["consecutive_failures"]), CliContext.Cell(i?["latency_ms"]), CliContext.Cell(i?["active_requests"]), CliContext.Cell(i?["last_error"]));
                }
                context.Console.Write(table);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Stats(CliCommands cli)
    {
        var command = new Command("stats", "Requests, errors, latency and load per instance");
        cli.Action(command, async (context, parse, ct) =>
        {
            var stats = await context.Client.GetStatsAsync(ct);
            if (context.Json)
            {
                context.WriteJson(stats);
                return ExitCodes.Ok;
            }
            var summary = CliContext.NewTable("REQUESTS", "ERRORS", "ERROR RATE", "RETRIES", "AVG (ms)", "P50 (ms)", "P95 (ms)", "UPTIME (s)");
            summary.AddRow(CliContext.Cell(stats["requests"]?["total"]), CliContext.Cell(stats["requests"]?["errors"]), CliContext.Cell(stats["requests"]?["error_rate"]),
                CliContext.Cell(stats["requests"]?["retries"]), CliContext.Cell(stats["latency_ms"]?["average"]), CliContext.Cell(stats["latency_ms"]?["p50"]),
                CliContext.Cell(stats["latency_ms"]?["p95"]), CliContext.Cell(stats["uptime_seconds"]));
            context.Console.Write(summary);
            var load = CliContext.NewTable("TEMPLATE", "INSTANCE", "REQUESTS", "FAILED", "ACTIVE", "SHARE", "STATUS");
            foreach (var (template, instances) in stats["load_distribution"] as JsonObject ?? [])
            {
                foreach (var (id, i) in instances as JsonObject ?? [])
                {
                    load.AddRow(Markup.Escape(template), Markup.Escape(id), CliContext.Cell(i?["requests"]), CliContext.Cell(i?["failed"]), CliContext.Cell(i?["active"]),
                        CliContext.Cell(i?["share"]), CliContext.StatusMarkup(i?["status"]?.GetValue<string>()));
                }
            }
            if (load.Rows.Count > 0)
            {
                context.Console.Write(load);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
