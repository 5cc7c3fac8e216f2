using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using McpGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Tests.Functions;

/// <summary>
/// Does what the documented Azure Functions host does for a custom handler (the host itself cannot be installed here):
/// starts the app's executable with <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, waits until <c>GET /</c> answers anything,
/// proxies HTTP requests of the catch-all HTTP function (streaming, with the proxy's X-Forwarded-* headers and the
/// invocation id headers), POSTs timer invocations, and polls the job queue POSTing queue invocations
/// (<c>{"Data", "Metadata"}</c>, the message JSON-encoded a second time), deleting on 2xx, retrying after the
/// host.json visibility timeout on anything else, and moving the message to <c>&lt;queue&gt;-poison</c> after maxDequeueCount.
/// </summary>
public sealed class FunctionsHostStandIn : IAsyncDisposable
{
    private readonly HttpClient _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pollers = [];
    private WebApplication? _proxy;

    private FunctionsHostStandIn(FunctionApp app, ChildProcess process, int port)
    {
        App = app;
        Process = process;
        HandlerPort = port;
        _handler = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public FunctionApp App { get; }
    public ChildProcess Process { get; }
    public int HandlerPort { get; }
    /// <summary>The public address of the app (the proxy in front of the handler).</summary>
    public Uri BaseAddress { get; private set; } = null!;
    /// <summary>Every invocation POSTed and the handler's answer, for assertions.</summary>
    public List<(string Function, int Status, JsonObject? Body)> Invocations { get; } = [];

    public static async Task<FunctionsHostStandIn> StartAsync(FunctionApp app, IDictionary<string, string> appSettings, string? storageConnectionString)
    {
        var port = Ports.Free();
        var environment = new Dictionary<string, string>(appSettings)
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(),
            ["FUNCTIONS_APP_ROOT_PATH"] = app.Root,
            ["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = Guid.NewGuid().ToString(),
        };
        var description = app.Host["customHandler"]!["description"]!;
        var arguments = description["arguments"]?.AsArray().Select(a => a!.GetValue<string>()).ToArray() ?? [];
        var process = ChildProcess.Start(app.ExecutablePath, arguments, environment, app.Root);
        var host = new FunctionsHostStandIn(app, process, port);
        await host.WaitReadyAsync();
        await host.StartProxyAsync();
        if (storageConnectionString is not null)
        {
            host.StartQueuePollers(new QueueServiceClient(storageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
        }
        return host;
    }

    /// <summary>Readiness as the host checks it: any HTTP answer to GET / counts; only socket errors mean not ready.</summary>
    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException("The custom handler exited during start-up:\n" + Process.Output);
            }
            try
            {
                using var response = await _handler.GetAsync("/");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("The custom handler never answered GET /:\n" + Process.Output);
    }

    private async Task StartProxyAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _proxy = builder.Build();
        _proxy.Run(ProxyAsync);
        await _proxy.StartAsync();
        BaseAddress = new Uri(_proxy.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Host",
    };

    /// <summary>The catch-all HTTP function with enableProxyingHttpRequest: the live request, streamed both ways.</summary>
    private async Task ProxyAsync(HttpContext context)
    {
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopHeaders.Contains(name))
            {
                continue;
            }
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        var invocationId = Guid.NewGuid().ToString();
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString());
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", context.Request.Host.Value);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        request.Headers.TryAddWithoutValidation("X-Azure-Functions-InvocationId", invocationId);
        request.Headers.TryAddWithoutValidation("x-ms-invocation-id", invocationId);
        request.Headers.TryAddWithoutValidation("User-Agent", "Azure-Functions-Host/4.0-standin");

        using var response = await _handler.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var buffer = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    /// <summary>POSTs a timer invocation as the host does.</summary>
    public Task<HttpResponseMessage> InvokeTimerAsync(string function)
    {
        var binding = App.Functions[function]["bindings"]![0]!["name"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject
            {
                [binding] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = new JsonObject { ["Last"] = now.AddMinutes(-1).ToString("O"), ["Next"] = now.AddMinutes(1).ToString("O"), ["LastUpdated"] = now.ToString("O") },
                    ["IsPastDue"] = false,
                },
            },
            ["Metadata"] = Sys(function),
        };
        return PostInvocationAsync(function, payload);
    }

    /// <summary>POSTs a queue invocation as the host does: the message text JSON-encoded again, queue metadata beside it.</summary>
    public Task<HttpResponseMessage> InvokeQueueAsync(string function, QueueMessage message)
    {
        var binding = App.Functions[function]["bindings"]![0]!["name"]!.GetValue<string>();
        var metadata = Sys(function);
        metadata["DequeueCount"] = message.DequeueCount;
        metadata["Id"] = message.MessageId;
        metadata["PopReceipt"] = message.PopReceipt;
        metadata["InsertionTime"] = message.InsertedOn?.ToString("O");
        metadata["ExpirationTime"] = message.ExpiresOn?.ToString("O");
        metadata["NextVisibleTime"] = message.NextVisibleOn?.ToString("O");
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { [binding] = JsonSerializer.Serialize(message.Body.ToString()) },
            ["Metadata"] = metadata,
        };
        return PostInvocationAsync(function, payload);
    }

    private static JsonObject Sys(string function) => new()
    {
        ["sys"] = new JsonObject { ["MethodName"] = function, ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O"), ["RandGuid"] = Guid.NewGuid().ToString() },
    };

    private async Task<HttpResponseMessage> PostInvocationAsync(string function, JsonObject payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + function)
        {
            Content = new StringContent(payload.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("User-Agent", "Azure-Functions-Host/4.0-standin");
        var response = await _handler.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
        }
        lock (Invocations)
        {
            Invocations.Add((function, (int)response.StatusCode, body));
        }
        return response;
    }

    private void StartQueuePollers(QueueServiceClient account)
    {
        var options = App.QueueOptions;
        var maxDequeue = options?["maxDequeueCount"]?.GetValue<int>() ?? 5;
        var retryVisibility = TimeSpan.Parse(options?["visibilityTimeout"]?.GetValue<string>() ?? "00:00:00");
        foreach (var (function, binding) in App.Bindings().Where(b => b.Binding["type"]!.GetValue<string>() == "queueTrigger").ToList())
        {
            var name = binding["queueName"]!.GetValue<string>();
            var queue = account.GetQueueClient(name);
            var poison = account.GetQueueClient(name + "-poison");
            _pollers.Add(Task.Run(() => PollAsync(function, queue, poison, maxDequeue, retryVisibility, _stop.Token)));
        }
    }

    private async Task PollAsync(string function, QueueClient queue, QueueClient poison, int maxDequeue, TimeSpan retryVisibility, CancellationToken stop)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: stop);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var messages = (await queue.ReceiveMessagesAsync(8, TimeSpan.FromMinutes(5), stop)).Value;
                if (messages.Length == 0)
                {
                    await Task.Delay(200, stop);
                    continue;
                }
                await Task.WhenAll(messages.Select(async message =>
                {
                    using var response = await InvokeQueueAsync(function, message);
                    if (response.IsSuccessStatusCode)
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop);
                    }
                    else if (message.DequeueCount >= maxDequeue)
                    {
                        // As the host does after maxDequeueCount: copy to <queue>-poison, then delete the original.
                        await poison.CreateIfNotExistsAsync(cancellationToken: stop);
                        await poison.SendMessageAsync(message.Body, cancellationToken: stop);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stop);
                    }
                    else
                    {
                        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: retryVisibility, cancellationToken: stop);
                    }
                }));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_pollers);
        }
        catch (OperationCanceledException)
        {
        }
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
        _handler.Dispose();
        await Process.DisposeAsync();
    }
}
