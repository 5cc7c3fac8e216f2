using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Streaming;

/// <summary><c>POST /tools/{name}/stream</c> read with a real HTTP client as the bytes arrive.</summary>
[Collection(StreamingCollection.Name)]
public sealed class ToolStreamTests(StreamingFixture fixture)
{
    [Fact]
    public async Task Progress_then_chunks_then_result_then_done()
    {
        var events = await StreamAsync("alpha.progress", StreamingFixture.Args(("steps", 4), ("delay_ms", 50)));
        var kinds = events.Where(e => e.Comment is null).Select(e => e.Event).ToList();
        Assert.Equal(["progress", "progress", "progress", "progress", "chunk", "result", "done"], kinds);
        var progress = events.Where(e => e.Event == "progress").Select(e => e.Data!).ToList();
        ProgressAssert.Complete(progress.Select(p => p["progress"]!.GetValue<double>()).ToList(), 4, string.Join(",", kinds));
        Assert.All(progress, p => Assert.Equal(4, p["total"]!.GetValue<double>()));
        Assert.All(progress, p => Assert.Equal($"step {p["progress"]}", p["message"]!.GetValue<string>()));
        var chunk = events.Single(e => e.Event == "chunk").Data!;
        Assert.Equal(0, chunk["index"]!.GetValue<int>());
        Assert.Equal("completed 4 steps", chunk["data"]!["text"]!.GetValue<string>());
        var result = events.Single(e => e.Event == "result").Data!;
        Assert.Equal("success", result["status"]!.GetValue<string>());
        Assert.Equal("completed 4 steps", result["data"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("complete", events.Last().Data!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_content_block_is_its_own_chunk()
    {
        // server-everything's get-resource-links returns an intro text block and then one block per link.
        var events = await StreamAsync("beta.get-resource-links", StreamingFixture.Args(("count", 3)));
        var chunks = events.Where(e => e.Event == "chunk").Select(e => e.Data!).ToList();
        var content = events.Single(e => e.Event == "result").Data!["data"]!["content"]!.AsArray();
        Assert.True(content.Count >= 3, content.ToJsonString());
        Assert.Equal(content.Count, chunks.Count);
        Assert.Equal(Enumerable.Range(0, content.Count), chunks.Select(c => c["index"]!.GetValue<int>()));
        Assert.All(chunks, c => Assert.Equal(content[c["index"]!.GetValue<int>()]!.ToJsonString(), c["data"]!.ToJsonString()));
    }

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments()
    {
        // Keep-alive is 1 s in the fixture; the call is silent for 2.5 s.
        var events = await StreamAsync("alpha.slow", StreamingFixture.Args(("ms", 2500)));
        var firstResult = events.FindIndex(e => e.Event == "result");
        Assert.Contains(events.Take(firstResult), e => e.Comment == "keep-alive");
        Assert.Equal("done", events.Last().Event);
    }

    [Fact]
    public async Task An_upstream_error_is_an_error_event_with_a_problem_then_done()
    {
        var events = await StreamAsync("alpha.error", StreamingFixture.Args(("code", -32001), ("message", "boom")));
        var kinds = events.Where(e => e.Comment is null).Select(e => e.Event).ToList();
        Assert.Equal(["error", "done"], kinds);
        var problem = events[events.FindIndex(e => e.Event == "error")].Data!;
        Assert.Equal(502, problem["status"]!.GetValue<int>());
        Assert.Equal(-32001, problem["mcp_error_code"]!.GetValue<int>());
        Assert.Equal("/tools/alpha.error/stream", problem["instance"]!.GetValue<string>());
        Assert.Equal("error", events.Last().Data!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_error_result_streams_as_result_with_status_error()
    {
        var events = await StreamAsync("alpha.fail", new JsonObject());
        var result = events.Single(e => e.Event == "result").Data!;
        Assert.Equal("error", result["status"]!.GetValue<string>());
        Assert.True(result["data"]!["isError"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("nodot")]
    [InlineData("nosuchtemplate.echo")]
    public async Task Unknown_names_are_404_problems_before_any_stream(string name)
    {
        var response = await fixture.Gateway.Client.PostAsJsonAsync($"/tools/{name}/stream", new JsonObject { ["arguments"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<List<SseEvent>> StreamAsync(string tool, JsonObject arguments)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/tools/{tool}/stream")
        {
            Content = JsonContent.Create(new JsonObject { ["arguments"] = arguments }),
        };
        using var response = await fixture.Gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<SseEvent>();
        await foreach (var item in SseEvent.ReadAsync(await response.Content.ReadAsStreamAsync()))
        {
            events.Add(item);
        }
        return events;
    }
}
