using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Client;
using Spectre.Console;

namespace McpGateway.Cli.Commands;

/// <summary>Users, API keys, login and logout, who am I, audit.</summary>
internal static class SecurityCommands
{
    public static IEnumerable<Command> Create(CliCommands cli)
    {
        yield return Login(cli);
        yield return Logout(cli);
        yield return WhoAmI(cli);
        yield return CreateUser(cli);
        yield return DeleteUser(cli);
        yield return Users(cli);
        yield return CreateApiKey(cli);
        yield return RevokeApiKey(cli);
        yield return ApiKeys(cli);
        yield return Audit(cli);
    }

    private static Command Login(CliCommands cli)
    {
        var user = new Argument<string>("USER");
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input" };
        var command = new Command("login", "Log in and store the token for this gateway (in ~/.config/mcpgw/credentials.json, mode 0600)") { user, stdin };
        cli.Action(command, async (context, parse, ct) =>
        {
            var username = parse.GetValue(user)!;
            var password = Passwords.Read(context, parse.GetValue(stdin), null, $"Password for {Markup.Escape(username)}:");
            var result = await context.Client.LoginAsync(username, password, cancellationToken: ct);
            var url = context.Client.CurrentUrl.ToString();
            var stored = context.Store.Load();
            stored.Current = url;
            stored.Gateways[url] = new StoredLogin { Username = username, Token = result.AccessToken, ExpiresAt = result.ExpiresAt, Role = result.Role };
            context.Store.Save(stored);
            if (context.Json)
            {
                context.WriteJson(new JsonObject
                {
                    ["url"] = url, ["username"] = username, ["role"] = result.Role,
                    ["expires_at"] = result.ExpiresAt?.ToString("O"), ["credentials_file"] = context.Store.Path,
                });
            }
            else
            {
                context.Say($"[green]Logged in[/] to {Markup.Escape(url)} as {Markup.Escape(username)} ({Markup.Escape(result.Role ?? "")}); token valid until {CliContext.Cell(result.ExpiresAt)}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Logout(CliCommands cli)
    {
        var all = new Option<bool>("--all") { Description = "Forget the logins of every gateway" };
        var command = new Command("logout", "Forget the stored token of this gateway") { all };
        cli.Action(command, (context, parse, ct) =>
        {
            var stored = context.Store.Load();
            var url = context.Urls()[0].ToString();
            var removed = parse.GetValue(all) ? stored.Gateways.Count : stored.Gateways.Remove(url) ? 1 : 0;
            if (parse.GetValue(all))
            {
                stored.Gateways.Clear();
            }
            if (stored.Current is not null && !stored.Gateways.ContainsKey(stored.Current))
            {
                stored.Current = null;
            }
            if (File.Exists(context.Store.Path))
            {
                context.Store.Save(stored);
            }
            if (context.Json)
            {
                context.WriteJson(new JsonObject { ["logged_out"] = removed });
            }
            else
            {
                context.Say(removed > 0 ? $"Logged out of {(parse.GetValue(all) ? "every gateway" : Markup.Escape(url))}." : $"Not logged in to {Markup.Escape(url)}.");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command WhoAmI(CliCommands cli)
    {
        var command = new Command("whoami", "Who the gateway takes you for");
        cli.Action(command, async (context, parse, ct) =>
        {
            var me = await context.Client.GetCallerAsync(ct);
            if (context.Json)
            {
                context.WriteJson(me);
                return ExitCodes.Ok;
            }
            var table = CliContext.NewTable("NAME", "ROLE", "KIND", "KEY", "TEMPLATES", "EXPIRES");
            table.AddRow(CliContext.Cell(me.Name), CliContext.Cell(me.Role), CliContext.Cell(me.Kind), CliContext.Cell(me.KeyId),
                CliContext.Cell(me.Templates is null ? "*" : string.Join(",", me.Templates)), CliContext.Cell(me.ExpiresAt));
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateUser(CliCommands cli)
    {
        var name = new Argument<string>("NAME");
        var role = new Option<string>("--role") { Description = "admin or user", DefaultValueFactory = _ => "user" };
        role.AcceptOnlyFromAmong("admin", "user");
        var password = new Option<string>("--password") { Description = "The password (visible in shell history: prefer the prompt or --password-stdin)" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input" };
        var command = new Command("create-user", "Create a user (admin)") { name, role, password, stdin };
        cli.Action(command, async (context, parse, ct) =>
        {
            var username = parse.GetValue(name)!;
            var secret = Passwords.Read(context, parse.GetValue(stdin), parse.GetValue(password), $"Password for {Markup.Escape(username)} (12+ characters):", confirm: true);
            var user = await context.Client.CreateUserAsync(username, secret, parse.GetValue(role)!, ct);
            if (context.Json)
            {
                context.WriteJson(user);
            }
            else
            {
                context.Say($"[green]Created[/] user {Markup.Escape(user.Username)} ({Markup.Escape(user.Role)}). They log in with `mcpgw login {Markup.Escape(user.Username)}`.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command DeleteUser(CliCommands cli)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("delete-user", "Delete a user and revoke their keys (admin)") { name };
        cli.Action(command, async (context, parse, ct) =>
        {
            await context.Client.DeleteUserAsync(parse.GetValue(name)!, ct);
            if (context.Json)
            {
                context.WriteJson(new JsonObject { ["deleted"] = true, ["username"] = parse.GetValue(name) });
            }
            context.Say($"[green]Deleted[/] user {Markup.Escape(parse.GetValue(name)!)} and revoked their keys.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Users(CliCommands cli)
    {
        var command = new Command("users", "List users (admin)");
        cli.Action(command, async (context, parse, ct) =>
        {
            var users = await context.Client.ListUsersAsync(ct);
            if (context.Json)
            {
                context.WriteJson(new { users });
                return ExitCodes.Ok;
            }
            var table = CliContext.NewTable("USER", "ROLE", "CREATED");
            foreach (var user in users)
            {
                table.AddRow(Markup.Escape(user.Username), Markup.Escape(user.Role), CliContext.Cell(user.CreatedAt));
            }
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateApiKey(CliCommands cli)
    {
        var name = new Argument<string>("NAME") { Description = "A label for the key, e.g. my-app" };
        var role = new Option<string>("--role") { Description = "admin or user", DefaultValueFactory = _ => "user" };
        role.AcceptOnlyFromAmong("admin", "user");
        var templates = new Option<string[]>("--template") { Description = "A template the key may use (repeatable; default: all)" };
        var tools = new Option<string[]>("--tool") { Description = "A tool the key may call: template/tool, template/* or a tool name (repeatable; default: all)" };
        var expires = new Option<string>("--expires") { Description = "When it stops working: a duration (90m, 12h, 30d, 4w) or a date/time (2026-12-31 or ISO 8601)" };
        var owner = new Option<string>("--owner") { Description = "Admins: the user the key belongs to (default: you)" };
        var rateLimit = new Option<int?>("--rate-limit") { Description = "Requests per minute for this key" };
        var command = new Command("create-api-key", "Create an API key (shown once)") { name, role, templates, tools, expires, owner, rateLimit };
        cli.Action(command, async (context, parse, ct) =>
        {
            var key = await context.Client.CreateApiKeyAsync(new ApiKeyRequest
            {
                Name = parse.GetValue(name)!,
                Role = parse.GetValue(role),
                Owner = parse.GetValue(owner),
                Templates = parse.GetValue(templates) is { Length: > 0 } t ? t : null,
                Tools = parse.GetValue(tools) is { Length: > 0 } s ? s : null,
                ExpiresAt = parse.GetValue(expires) is { } e ? Expiry(e, context.Environment.Time.GetUtcNow()) : null,
                RateLimit = parse.GetValue(rateLimit),
            }, ct);
            if (context.Json)
            {
                context.WriteJson(key);
                return ExitCodes.Ok;
            }
            context.Out.WriteLine(key.Key);
            context.ErrorConsole.MarkupLine($"[green]Created[/] API key {Markup.Escape(key.Id)} ({Markup.Escape(key.Name ?? "")}, {Markup.Escape(key.Role ?? "")}"
                + $"{(key.ExpiresAt is { } x ? ", expires " + CliContext.Cell(x) : "")}). [yellow]Store it now: it is not shown again.[/] Use it with --api-key or MCPGW_API_KEY.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeApiKey(CliCommands cli)
    {
        var id = new Argument<string>("KEY_ID") { Description = "The key's id (see `mcpgw api-keys`)" };
        var command = new Command("revoke-api-key", "Revoke an API key") { id };
        cli.Action(command, async (context, parse, ct) =>
        {
            var key = await context.Client.RevokeApiKeyAsync(parse.GetValue(id)!, ct);
            if (context.Json)
            {
                context.WriteJson(key);
            }
            context.Say($"[green]Revoked[/] API key {Markup.Escape(key.Id)} ({Markup.Escape(key.Name ?? "")}, owner {Markup.Escape(key.Owner ?? "")}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ApiKeys(CliCommands cli)
    {
        var command = new Command("api-keys", "List API keys (admins: all; users: their own)");
        cli.Action(command, async (context, parse, ct) =>
        {
            var keys = await context.Client.ListApiKeysAsync(ct);
            if (context.Json)
            {
                context.WriteJson(new { keys });
                return ExitCodes.Ok;
            }
            var table = CliContext.NewTable("ID", "NAME", "OWNER", "ROLE", "TEMPLATES", "EXPIRES", "STATUS");
            foreach (var key in keys)
            {
                table.AddRow(Markup.Escape(key.Id), CliContext.Cell(key.Name), CliContext.Cell(key.Owner), CliContext.Cell(key.Role),
                    CliContext.Cell(key.Templates is null ? "*" : string.Join(",", key.Templates)), CliContext.Cell(key.ExpiresAt), CliContext.StatusMarkup(key.Status));
            }
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Audit(CliCommands cli)
    {
        var since = new Option<string>("--since") { Description = "Only entries after this: a duration back (1h, 7d) or a date/time" };
        var actor = new Option<string>("--actor") { Description = "Only entries of this actor" };
        var action = new Option<string>("--action") { Description = "Only entries of this action, e.g. login.failed" };
        var limit = new Option<int?>("--limit") { Description = "At most this many (1-500, default 100)" };
        var command = new Command("audit", "The audit log, newest first (admin)") { since, actor, action, limit };
        cli.Action(command, async (context, parse, ct) =>
        {
            var now = context.Environment.Time.GetUtcNow();
            var page = await context.Client.GetAuditAsync(new AuditQuery
            {
                Since = parse.GetValue(since) is { } s ? (Duration(s) is { } back ? now - back : Expiry(s, now)) : null,
                Actor = parse.GetValue(actor), Action = parse.GetValue(action), Limit = parse.GetValue(limit),
            }, ct);
            if (context.Json)
            {
                context.WriteJson(page);
                return ExitCodes.Ok;
            }
            var table = CliContext.NewTable("TIME", "ACTOR", "ACTION", "TARGET", "OUTCOME", "CLIENT", "DETAIL");
            foreach (var e in page.Entries)
            {
                table.AddRow(CliContext.Cell(e.Time), CliContext.Cell(e.Actor), CliContext.Cell(e.Action), CliContext.Cell(e.Target),
                    CliContext.StatusMarkup(e.Outcome), CliContext.Cell(e.ClientAddress), CliContext.Cell(e.Detail));
            }
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A duration from now (<c>30d</c>) or an absolute date/time.</summary>
    internal static DateTimeOffset Expiry(string text, DateTimeOffset now)
    {
        if (Duration(text) is { } duration)
        {
            return now + duration;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }
        throw new UsageException($"'{text}' is neither a duration (90m, 12h, 30d, 4w) nor a date/time (2026-12-31, 2026-12-31T18:00:00Z).");
    }

    private static TimeSpan? Duration(string text)
    {
        if (text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return null;
        }
        return char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7 * n),
            _ => null,
        };
    }
}
