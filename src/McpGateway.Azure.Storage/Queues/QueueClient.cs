using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using McpGateway.Azure.Storage.Auth;
using McpGateway.Azure.Storage.Core;

namespace McpGateway.Azure.Storage.Queues;

/// <summary>
/// A client for one queue (Queue REST API, XML) on the Azure.Core pipeline. Message text is Base64-encoded by default,
/// which is what the Azure Functions queue trigger expects. Failures throw <see cref="RequestFailedException"/> with the
/// status and the service's <c>&lt;Code&gt;</c> (e.g. 404 <c>MessageNotFound</c> for a stale pop receipt).
/// For the poison-queue convention see <see cref="QueuePoison"/>.
/// </summary>
public sealed class QueueClient
{
    private static readonly ResponseClassifier s_create = StoragePipeline.Accepting(201, 204, 409);
    private static readonly ResponseClassifier s_deleteQueue = StoragePipeline.Accepting(204, 404);
    private static readonly ResponseClassifier s_sent = StoragePipeline.Accepting(201);
    private static readonly ResponseClassifier s_ok200 = StoragePipeline.Accepting(200);
    private static readonly ResponseClassifier s_ok204 = StoragePipeline.Accepting(204);
    private static readonly TimeSpan s_maxVisibility = TimeSpan.FromDays(7);

    private readonly HttpPipeline _pipeline;
    private readonly Uri _serviceUri;
    private readonly string _version;
    private readonly QueueClientOptions _options;

    public QueueClient(Uri serviceUri, string queueName, StorageSharedKeyCredential credential, QueueClientOptions? options = null)
        : this(serviceUri, queueName, options ?? new QueueClientOptions(), o => new QueueSharedKeyPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), o.TimeProvider))
    {
    }

    public QueueClient(Uri serviceUri, string queueName, TokenCredential credential, QueueClientOptions? options = null)
        : this(serviceUri, queueName, options ?? new QueueClientOptions(), _ => StoragePipeline.BearerPolicy(credential ?? throw new ArgumentNullException(nameof(credential))))
    {
    }

    private QueueClient(Uri serviceUri, string queueName, QueueClientOptions options, Func<QueueClientOptions, HttpPipelinePolicy> auth)
        : this(serviceUri, queueName, options, StoragePipeline.Build(options, auth(options)))
    {
    }

    private QueueClient(Uri serviceUri, string queueName, QueueClientOptions options, HttpPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        ValidateQueueName(queueName);
        _serviceUri = serviceUri;
        _options = options;
        _version = options.VersionString;
        _pipeline = pipeline;
        Name = queueName;
    }

    public string Name { get; }

    /// <summary>The queue service endpoint this client talks to.</summary>
    public Uri ServiceUri => _serviceUri;

    public QueueMessageEncoding MessageEncoding => _options.MessageEncoding;

    /// <summary>A client for <c>&lt;name&gt;-poison</c> sharing this client's pipeline and options.</summary>
    public QueueClient GetPoisonQueueClient() => new(_serviceUri, Name + "-poison", _options, _pipeline);

    /// <summary>Creates the queue; an existing queue (204, or 409 <c>QueueAlreadyExists</c> when its metadata differs) is not an error.</summary>
    public async Task<Response> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Put, string.Empty, s_create);
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        return StoragePipeline.EnsureExistsConflict(response, "QueueAlreadyExists");
    }

    /// <summary>Deletes the queue; a missing queue is not an error.</summary>
    public async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Delete, string.Empty, s_deleteQueue);
        return await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Enqueues <paramref name="messageText"/> (encoded per <see cref="QueueClientOptions.MessageEncoding"/>).
    /// </summary>
    /// <param name="visibilityTimeout">Delay before the message can be received (0..7 days, less than the TTL). Default 0.</param>
    /// <param name="timeToLive">How long the message lives (≥ 1 s; <see cref="Timeout.InfiniteTimeSpan"/> or <see cref="TimeSpan.MaxValue"/> = never expires). Default 7 days.</param>
    public Task<Response<SendReceipt>> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        return SendRawMessageAsync(QueueMessageCodec.Encode(messageText, _options.MessageEncoding), visibilityTimeout, timeToLive, cancellationToken);
    }

    /// <summary>Receives up to <paramref name="maxMessages"/> (1..32) messages and hides them for <paramref name="visibilityTimeout"/> (1 s..7 days, default 30 s).</summary>
    public async Task<Response<IReadOnlyList<QueueMessage>>> ReceiveMessagesAsync(int maxMessages = 1, TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using HttpMessage message = CreateMessage(RequestMethod.Get, "/messages", s_ok200);
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        if (visibilityTimeout is TimeSpan vt)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(vt, TimeSpan.FromSeconds(1), s_maxVisibility, nameof(visibilityTimeout)));
        }

        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        QueueMessage[] messages = QueueXml.Messages(response).Select(m =>
        {
            string raw = QueueXml.Text(m, "MessageText");
            return new QueueMessage(
                QueueXml.Text(m, "MessageId"),
                QueueXml.Text(m, "PopReceipt"),
                QueueXml.Long(m, "DequeueCount"),
                QueueXml.Time(m, "InsertionTime"),
                QueueXml.Time(m, "ExpirationTime"),
                QueueXml.Time(m, "TimeNextVisible"),
                QueueMessageCodec.Decode(raw, _options.MessageEncoding),
                raw);
        }).ToArray();
        return Response.FromValue<IReadOnlyList<QueueMessage>>(messages, response);
    }

    /// <summary>Looks at up to <paramref name="maxMessages"/> (1..32) visible messages without hiding them or counting a dequeue.</summary>
    public async Task<Response<IReadOnlyList<PeekedMessage>>> PeekMessagesAsync(int maxMessages = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        using HttpMessage message = CreateMessage(RequestMethod.Get, "/messages", s_ok200);
        message.Request.Uri.AppendQuery("peekonly", "true");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        PeekedMessage[] messages = QueueXml.Messages(response).Select(m =>
        {
            string raw = QueueXml.Text(m, "MessageText");
            return new PeekedMessage(
                QueueXml.Text(m, "MessageId"),
                QueueXml.Long(m, "DequeueCount"),
                QueueXml.Time(m, "InsertionTime"),
                QueueXml.Time(m, "ExpirationTime"),
                QueueMessageCodec.Decode(raw, _options.MessageEncoding),
                raw);
        }).ToArray();
        return Response.FromValue<IReadOnlyList<PeekedMessage>>(messages, response);
    }

    /// <summary>Deletes a received message. A stale pop receipt fails with 404 <c>MessageNotFound</c> (or 400 <c>PopReceiptMismatch</c>).</summary>
    public async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Delete, MessagePath(messageId), s_ok204);
        AppendPopReceipt(message, popReceipt);
        return await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hides a received message for <paramref name="visibilityTimeout"/> more (0..7 days; 0 makes it visible now) and optionally
    /// replaces its text. Returns the new pop receipt; the old one is invalid afterwards.
    /// </summary>
    public async Task<Response<UpdateReceipt>> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, string? messageText = null, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Put, MessagePath(messageId), s_ok204);
        AppendPopReceipt(message, popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout, TimeSpan.Zero, s_maxVisibility, nameof(visibilityTimeout)));
        if (messageText is not null)
        {
            SetXml(message.Request, QueueXml.MessageBody(QueueMessageCodec.Encode(messageText, _options.MessageEncoding)));
        }

        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-popreceipt", out string? newReceipt);
        response.Headers.TryGetValue("x-ms-time-next-visible", out string? nextVisible);
        return Response.FromValue(new UpdateReceipt(newReceipt ?? string.Empty, QueueXml.ParseTime(nextVisible)), response);
    }

    /// <summary>The approximate number of messages (visible and invisible), from <c>x-ms-approximate-messages-count</c>.</summary>
    public async Task<Response<int>> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Get, string.Empty, s_ok200);
        message.Request.Uri.AppendQuery("comp", "metadata");
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-approximate-messages-count", out string? count);
        return Response.FromValue(int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : 0, response);
    }

    /// <summary>Deletes every message in the queue.</summary>
    public async Task<Response> ClearMessagesAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Delete, "/messages", s_ok204);
        return await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends already-encoded text as is (used to move messages to the poison queue byte for byte).</summary>
    internal async Task<Response<SendReceipt>> SendRawMessageAsync(string wireText, TimeSpan? visibilityTimeout, TimeSpan? timeToLive, CancellationToken cancellationToken)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Post, "/messages", s_sent);
        if (visibilityTimeout is TimeSpan vt)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(vt, TimeSpan.Zero, s_maxVisibility, nameof(visibilityTimeout)));
        }

        if (timeToLive is TimeSpan ttl)
        {
            message.Request.Uri.AppendQuery("messagettl", ttl == Timeout.InfiniteTimeSpan || ttl == TimeSpan.MaxValue
                ? "-1"
                : Seconds(ttl, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(int.MaxValue), nameof(timeToLive)));
        }

        SetXml(message.Request, QueueXml.MessageBody(wireText));
        Response response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        System.Xml.Linq.XElement? item = QueueXml.Messages(response).FirstOrDefault();
        SendReceipt receipt = item is null
            ? new SendReceipt(string.Empty, string.Empty, default, default, default)
            : new SendReceipt(
                QueueXml.Text(item, "MessageId"),
                QueueXml.Text(item, "PopReceipt"),
                QueueXml.Time(item, "InsertionTime"),
                QueueXml.Time(item, "ExpirationTime"),
                QueueXml.Time(item, "TimeNextVisible"));
        return Response.FromValue(receipt, response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string suffix, ResponseClassifier classifier)
    {
        HttpMessage message = _pipeline.CreateMessage();
        message.ResponseClassifier = classifier;
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(_serviceUri.AbsoluteUri.TrimEnd('/') + "/" + Name + suffix));
        message.Request.Headers.SetValue("x-ms-version", _version);
        return message;
    }

    private static string MessagePath(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return "/messages/" + Uri.EscapeDataString(messageId);
    }

    private static void AppendPopReceipt(HttpMessage message, string popReceipt)
    {
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        message.Request.Uri.AppendQuery("popreceipt", popReceipt, escapeValue: true);
    }

    private static void SetXml(Request request, byte[] body)
    {
        request.Headers.SetValue(HttpHeader.Names.ContentType, "application/xml; charset=utf-8");
        request.Content = RequestContent.Create(body);
    }

    private static string Seconds(TimeSpan value, TimeSpan min, TimeSpan max, string paramName)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be between {min} and {max}.");
        }

        return ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>3-63 characters: lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    private static void ValidateQueueName(string queueName)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        bool ok = queueName.Length is >= 3 and <= 63
            && queueName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && queueName[0] != '-' && queueName[^1] != '-'
            && !queueName.Contains("--", StringComparison.Ordinal);
        if (!ok)
        {
            throw new ArgumentException("Queue names must be 3-63 lowercase letters, digits or single hyphens, starting and ending with a letter or digit.", nameof(queueName));
        }
    }
}
