// The floor of the front-door benchmark (bench/README.md): the thinnest Streamable HTTP → stdio pass-through .NET can
// do. One client, one child; each POSTed JSON-RPC message is written to the child's stdin as one line, and a request's
// answer is the child's stdout line with the same id. No SDK, no sessions, no id mapping, no auth, no routing, no
// progress: not a product, a measuring stick for what Kestrel plus a pipe cost on this machine.
// Usage: McpGateway.Bench.RawPassThrough PORT COMMAND [ARG...]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

var start = new ProcessStartInfo(args[1]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
foreach (var arg in args.Skip(2))
{
    start.ArgumentList.Add(arg);
}
using var child = Process.Start(start) ?? throw new InvalidOperationException($"'{args[1]}' did not start");
var stdin = child.StandardInput.BaseStream;
var writeLock = new SemaphoreSlim(1, 1);
var pending = new ConcurrentDictionary<string, TaskCompletionSource<byte[]>>(StringComparer.Ordinal);

_ = Task.Run(async () =>
{
    while (await child.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        if (Envelope.IdOf(bytes) is { } id && pending.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult(bytes);
        }
    }
});

var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
builder.WebHost.UseKestrelCore().UseUrls($"http://127.0.0.1:{args[0]}");
var app = builder.Build();
app.Run(async context =>
{
    if (!HttpMethods.IsPost(context.Request.Method))
    {
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        return;
    }
    using var body = new MemoryStream();
    await context.Request.Body.CopyToAsync(body);
    var message = body.ToArray();
    var id = Envelope.IdOf(message);
    TaskCompletionSource<byte[]>? answer = null;
    if (id is not null)
    {
        answer = new TaskCompletionSource<byte[]>();
        pending[id] = answer;
    }
    await writeLock.WaitAsync();
    try
    {
        await stdin.WriteAsync(message);
        stdin.WriteByte((byte)'\n');
        await stdin.FlushAsync();
    }
    finally
    {
        writeLock.Release();
    }
    if (answer is null)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        return;
    }
    var reply = await answer.Task;
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = reply.Length;
    await context.Response.Body.WriteAsync(reply);
});
await app.RunAsync();

internal static class Envelope
{
    /// <summary>The top-level "id" of a JSON-RPC message as a dictionary key (strings and numbers kept apart), or null.</summary>
    public static string? IdOf(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId)
            {
                return reader.TokenType == JsonTokenType.String ? "s:" + reader.GetString() : "n:" + Encoding.UTF8.GetString(reader.ValueSpan);
            }
            reader.Skip();
        }
        return null;
    }
}
