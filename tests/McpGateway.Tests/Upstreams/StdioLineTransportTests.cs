using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Pool;
using McpGateway.Upstreams;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tests.Upstreams;

/// <summary>The line transport of pool processes and its raw request path, against real processes (a shell script as the server).</summary>
public sealed class StdioLineTransportTests
{
    [Fact]
    public async Task A_raw_answer_is_matched_by_id_while_other_lines_reach_the_client_and_unreadable_lines_are_skipped()
    {
        // Writes a notification, a line that is not JSON, then the answer to whatever request it reads, with the id it was given.
        using var server = Shell("""
            read -r line
            echo '{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}'
            echo 'this is not json'
            id=$(printf '%s' "$line" | sed -E 's/.*"id":"([^"]*)".*/\1/')
            printf '{"jsonrpc":"2.0","id":"%s","result":{"echo":"ok"}}\r\n' "$id"
            sleep 5
            """);
        await using var transport = new StdioLineTransport(server.StandardInput.BaseStream, server.StandardOutput.BaseStream, NullLogger.Instance);

        using var request = RawRequests.Serialize("gw-1", "tools/call", new JsonObject { ["name"] = "x" }, null);
        var answer = await transport.SendRawRequestAsync("gw-1", request.WrittenMemory,
            new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal("ok", RawRequests.ReadAnswer(answer)!["echo"]!.GetValue<string>());
        Assert.True(transport.MessageReader.TryRead(out var other));
        Assert.Equal("notifications/message", Assert.IsType<JsonRpcNotification>(other).Method);
        Assert.False(transport.MessageReader.TryRead(out _)); // the unreadable line and the raw answer were not passed on
    }

    [Fact]
    public async Task A_server_that_exits_before_answering_fails_the_waiting_call_and_ends_the_message_stream()
    {
        using var server = Shell("read -r line; exit 0");
        await using var transport = new StdioLineTransport(server.StandardInput.BaseStream, server.StandardOutput.BaseStream, NullLogger.Instance);

        using var ping = RawRequests.Serialize("gw-9", "ping", null, null);
        var call = transport.SendRawRequestAsync("gw-9", ping.WrittenMemory, CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        await transport.MessageReader.Completion.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_clients_own_request_metadata_is_learned_from_its_requests_and_joins_raw_requests()
    {
        using var server = Shell("cat > /dev/null");
        await using var transport = new StdioLineTransport(server.StandardInput.BaseStream, server.StandardOutput.BaseStream, NullLogger.Instance);
        Assert.Null(transport.ClientRequestMeta);

        // Initialization requests are not taken as the pattern; the first ordinary request is.
        await transport.SendMessageAsync(new JsonRpcRequest { Id = new RequestId(1), Method = "server/discover", Params = Meta("discover-only") });
        Assert.Null(transport.ClientRequestMeta);
        await transport.SendMessageAsync(new JsonRpcRequest { Id = new RequestId(2), Method = "tools/list", Params = Meta("2026-07-28") });
        var learned = transport.ClientRequestMeta!;
        Assert.Equal("2026-07-28", learned["io.modelcontextprotocol/protocolVersion"]!.GetValue<string>());
        Assert.False(learned.ContainsKey("progressToken"));

        using var serialized = RawRequests.Serialize("gw-3", "tools/call",
            new JsonObject { ["name"] = "echo", ["_meta"] = new JsonObject { ["trace"] = "t-1", ["io.modelcontextprotocol/protocolVersion"] = "stale" } }, learned);
        var line = Encoding.UTF8.GetString(serialized.WrittenSpan);
        Assert.EndsWith("\n", line);
        var request = JsonNode.Parse(line)!.AsObject();
        Assert.Equal("gw-3", request["id"]!.GetValue<string>());
        Assert.Equal("echo", request["params"]!["name"]!.GetValue<string>());
        Assert.Equal("t-1", request["params"]!["_meta"]!["trace"]!.GetValue<string>());
        Assert.Equal("2026-07-28", request["params"]!["_meta"]!["io.modelcontextprotocol/protocolVersion"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"gw-1","result":{}}""", "gw-1")]
    [InlineData("""{"result":{"id":"inner"},"id":"gw-2","jsonrpc":"2.0"}""", "gw-2")]
    [InlineData("""{"jsonrpc":"2.0","id":"gw-3","error":{"code":-32600,"message":"bad"}}""", "gw-3")]
    [InlineData("""{"jsonrpc":"2.0","id":"gw-4","method":"sampling/createMessage","params":{}}""", null)]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/progress","params":{"id":"gw-5"}}""", null)]
    [InlineData("""{"jsonrpc":"2.0","id":5,"result":{}}""", null)]
    [InlineData("""{"jsonrpc":"2.0","id":"gw-6","res""", null)]
    [InlineData("""[1,2]""", null)]
    public void The_envelope_names_the_string_id_of_answers_only(string line, string? expected)
        => Assert.Equal(expected, JsonRpcEnvelope.ResponseId(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void An_error_answer_becomes_the_protocol_exception_the_client_would_have_thrown()
    {
        var error = Assert.Throws<McpProtocolException>(() => RawRequests.ReadAnswer(
            Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"gw-1","error":{"code":-32602,"message":"Unknown tool: nope"}}""")));
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Equal("Unknown tool: nope", error.Message);
    }

    private static JsonObject Meta(string version) => new()
    {
        ["_meta"] = new JsonObject { ["io.modelcontextprotocol/protocolVersion"] = version, ["progressToken"] = "p" },
    };

    /// <summary>A shell script as the server, its stdin and stdout left to the transport (ChildProcess reads stdout itself).</summary>
    private static ShellServer Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return new ShellServer(Process.Start(start)!);
    }

    private sealed class ShellServer(Process process) : IDisposable
    {
        public StreamWriter StandardInput => process.StandardInput;

        public StreamReader StandardOutput => process.StandardOutput;

        /// <summary>Kills what is still running (a script waiting on `sleep`), so no test leaves a process behind.</summary>
        public void Dispose()
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
            process.Dispose();
        }
    }
}
