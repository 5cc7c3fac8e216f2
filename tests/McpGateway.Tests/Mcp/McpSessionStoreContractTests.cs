using System.Text.Json.Nodes;
using McpGateway.Mcp;

namespace McpGateway.Tests.Mcp;

/// <summary>The behaviour every <see cref="IMcpSessionStore"/> implementation must have. One derived class per store.</summary>
public abstract class McpSessionStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    protected IMcpSessionStore Store { get; private set; } = null!;

    protected abstract Task<IMcpSessionStore> CreateStoreAsync();

    /// <summary>A second handle on the same data (another process sharing the store).</summary>
    protected abstract Task<IMcpSessionStore> OpenSameStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static McpSessionRecord Session(string id, DateTimeOffset? seen = null, bool dedicated = false) => new()
    {
        Id = id,
        Target = "fs",
        ProtocolVersion = "2025-11-25",
        Owner = "user:alice",
        ClientCapabilities = new JsonObject { ["sampling"] = new JsonObject() },
        ClientInfo = new JsonObject { ["name"] = "client", ["version"] = "1.0" },
        Dedicated = dedicated,
        CreatedAt = T0,
        LastSeenAt = seen ?? T0,
    };

    [Fact]
    public async Task Sessions_round_trip_with_every_field()
    {
        var session = Session("s-round-trip") with { Target = McpSessionRecord.AggregateTarget, Dedicated = true };
        await Store.CreateAsync(session);
        var loaded = await Store.GetAsync("s-round-trip");
        Assert.NotNull(loaded);
        Assert.Equal(session.Id, loaded.Id);
        Assert.Equal(session.Target, loaded.Target);
        Assert.Equal(session.ProtocolVersion, loaded.ProtocolVersion);
        Assert.Equal("user:alice", loaded.Owner);
        Assert.True(JsonNode.DeepEquals(session.ClientCapabilities, loaded.ClientCapabilities));
        Assert.True(JsonNode.DeepEquals(session.ClientInfo, loaded.ClientInfo));
        Assert.True(loaded.Dedicated);
        Assert.Equal(T0, loaded.CreatedAt);
        Assert.Equal(T0, loaded.LastSeenAt);

        await Store.CreateAsync(Session("s-plain") with { ClientCapabilities = null, ClientInfo = null, Owner = null });
        var plain = await Store.GetAsync("s-plain");
        Assert.Null(plain!.Owner);
        Assert.Null(plain.ClientCapabilities);
        Assert.Null(plain.ClientInfo);
        Assert.False(plain.Dedicated);
        Assert.Null(await Store.GetAsync("s-missing"));
    }

    [Fact]
    public async Task Touch_moves_the_seen_time_only_forward_and_dedicated_only_turns_on()
    {
        await Store.CreateAsync(Session("s-touch"));
        await Store.TouchAsync("s-touch", T0.AddMinutes(5), dedicated: false);
        Assert.Equal(T0.AddMinutes(5), (await Store.GetAsync("s-touch"))!.LastSeenAt);

        await Store.TouchAsync("s-touch", T0.AddMinutes(1), dedicated: true);
        var touched = await Store.GetAsync("s-touch");
        Assert.Equal(T0.AddMinutes(5), touched!.LastSeenAt);
        Assert.True(touched.Dedicated);

        await Store.TouchAsync("s-touch", T0.AddMinutes(6), dedicated: false);
        touched = await Store.GetAsync("s-touch");
        Assert.Equal(T0.AddMinutes(6), touched!.LastSeenAt);
        Assert.True(touched.Dedicated);
        Assert.Equal(T0, touched.CreatedAt);
        Assert.Equal("fs", touched.Target);

        await Store.TouchAsync("s-missing", T0.AddMinutes(7), dedicated: true);
        Assert.Null(await Store.GetAsync("s-missing"));
    }

    [Fact]
    public async Task Delete_ends_a_session_once_for_every_handle()
    {
        var other = await OpenSameStoreAsync();
        await Store.CreateAsync(Session("s-delete"));
        Assert.NotNull(await other.GetAsync("s-delete"));
        Assert.True(await other.DeleteAsync("s-delete"));
        Assert.Null(await Store.GetAsync("s-delete"));
        Assert.False(await Store.DeleteAsync("s-delete"));
        await Store.TouchAsync("s-delete", T0.AddHours(1), dedicated: true);
        Assert.Null(await Store.GetAsync("s-delete"));
    }

    [Fact]
    public async Task Delete_idle_ends_only_sessions_not_seen_since()
    {
        await Store.CreateAsync(Session("s-old", T0));
        await Store.CreateAsync(Session("s-touched", T0));
        await Store.CreateAsync(Session("s-new", T0.AddMinutes(10)));
        await Store.TouchAsync("s-touched", T0.AddMinutes(20), dedicated: false);

        var ended = await Store.DeleteIdleAsync(T0.AddMinutes(5));
        Assert.Equal(["s-old"], ended);
        Assert.Null(await Store.GetAsync("s-old"));
        Assert.NotNull(await Store.GetAsync("s-touched"));
        Assert.NotNull(await Store.GetAsync("s-new"));
        Assert.Empty(await Store.DeleteIdleAsync(T0.AddMinutes(5)));
        Assert.Equal(["s-new", "s-touched"], (await Store.DeleteIdleAsync(T0.AddHours(1))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Concurrent_touches_from_two_handles_keep_the_latest_time_and_the_flag()
    {
        var other = await OpenSameStoreAsync();
        await Store.CreateAsync(Session("s-race"));
        var touches = Enumerable.Range(1, 20).Select(i => (i % 2 == 0 ? Store : other)
            .TouchAsync("s-race", T0.AddSeconds(i), dedicated: i == 7));
        await Task.WhenAll(touches);
        var session = await Store.GetAsync("s-race");
        Assert.Equal(T0.AddSeconds(20), session!.LastSeenAt);
        Assert.True(session.Dedicated);
    }

    [Fact]
    public async Task Hostile_ids_are_data_not_query()
    {
        await Store.CreateAsync(Session("s-kept"));
        foreach (var hostile in new[] { "x' or 1=1 --", "a/b", "a#b?c", "a\\b", "a\u0001b" })
        {
            Assert.Null(await Store.GetAsync(hostile));
            Assert.False(await Store.DeleteAsync(hostile));
            await Store.TouchAsync(hostile, T0.AddHours(1), dedicated: true);
        }
        var kept = await Store.GetAsync("s-kept");
        Assert.Equal(T0, kept!.LastSeenAt);
        Assert.False(kept.Dedicated);
    }

    [Fact]
    public async Task An_answer_left_by_one_handle_is_taken_once_by_another()
    {
        var other = await OpenSameStoreAsync();
        await Store.CreateAsync(Session("s-answer"));
        const string answer = """{"jsonrpc":"2.0","id":"mcpgw-a1-1","result":{"model":"m","content":{"type":"text","text":"hi"}}}""";
        Assert.Null(await other.TakeAnswerAsync("s-answer", "mcpgw-a1-1"));

        await Store.PostAnswerAsync("s-answer", "mcpgw-a1-1", answer);
        await Store.PostAnswerAsync("s-answer", "mcpgw-a1-1", """{"jsonrpc":"2.0","id":"mcpgw-a1-1","result":{}}"""); // the first answer counts
        Assert.Null(await other.TakeAnswerAsync("s-answer", "mcpgw-a1-2"));
        Assert.Null(await other.TakeAnswerAsync("s-other", "mcpgw-a1-1"));
        Assert.Equal(answer, await other.TakeAnswerAsync("s-answer", "mcpgw-a1-1"));
        Assert.Null(await Store.TakeAnswerAsync("s-answer", "mcpgw-a1-1"));
        Assert.NotNull(await Store.GetAsync("s-answer"));
    }

    [Fact]
    public async Task Answers_longer_than_one_property_round_trip()
    {
        await Store.CreateAsync(Session("s-long-answer"));
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = "mcpgw-b2-1", ["result"] = new JsonObject { ["data"] = new string('x', 100_000) + "\u00e9\ud83d\ude00" } }.ToJsonString();
        await Store.PostAnswerAsync("s-long-answer", "mcpgw-b2-1", answer);
        Assert.Equal(answer, await Store.TakeAnswerAsync("s-long-answer", "mcpgw-b2-1"));
    }

    [Fact]
    public async Task Answers_need_a_live_session_and_end_with_it()
    {
        await Store.PostAnswerAsync("s-never", "mcpgw-c3-1", "{}");
        await Store.CreateAsync(Session("s-never"));
        Assert.Null(await Store.TakeAnswerAsync("s-never", "mcpgw-c3-1"));

        await Store.CreateAsync(Session("s-ended"));
        await Store.PostAnswerAsync("s-ended", "mcpgw-c3-2", "{}");
        Assert.True(await Store.DeleteAsync("s-ended"));
        await Store.CreateAsync(Session("s-ended"));
        Assert.Null(await Store.TakeAnswerAsync("s-ended", "mcpgw-c3-2"));

        await Store.CreateAsync(Session("s-idle", T0));
        await Store.PostAnswerAsync("s-idle", "mcpgw-c3-3", "{}");
        Assert.Contains("s-idle", await Store.DeleteIdleAsync(T0.AddMinutes(1)));
        await Store.CreateAsync(Session("s-idle", T0.AddHours(1)));
        Assert.Null(await Store.TakeAnswerAsync("s-idle", "mcpgw-c3-3"));
    }

    [Fact]
    public async Task Hostile_request_ids_are_data_not_query()
    {
        await Store.CreateAsync(Session("s-hostile-answer"));
        await Store.PostAnswerAsync("s-hostile-answer", "mcpgw-d4-1", "{\"kept\":true}");
        foreach (var hostile in new[] { "x' or 1=1 --", "a/b", "a#b?c", "a\\b", "a\u0001b" })
        {
            // Stored as data where the store can hold the key, refused quietly where it cannot; never a wider match.
            await Store.PostAnswerAsync("s-hostile-answer", hostile, "{}");
            Assert.Null(await Store.TakeAnswerAsync("s-hostile-answer", hostile + "' or '1'='1"));
            Assert.Null(await Store.TakeAnswerAsync("s-hostile-answer' or '1'='1", "mcpgw-d4-1"));
            Assert.Contains(await Store.TakeAnswerAsync("s-hostile-answer", hostile), new[] { null, "{}" });
        }
        Assert.Equal("{\"kept\":true}", await Store.TakeAnswerAsync("s-hostile-answer", "mcpgw-d4-1"));
    }
}
