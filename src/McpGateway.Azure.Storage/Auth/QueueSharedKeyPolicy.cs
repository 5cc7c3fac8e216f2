using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace McpGateway.Azure.Storage.Auth;

/// <summary>
/// Signs Queue (and Blob) requests with full Shared Key (version 2009-09-19 and later). Added as a per-retry
/// policy so every try gets a fresh <c>x-ms-date</c>. Azurite does not accept SharedKeyLite for queues.
/// </summary>
internal sealed class QueueSharedKeyPolicy(StorageSharedKeyCredential credential, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        Request request = message.Request;
        SharedKeyCanonicalizer.SetDate(request, timeProvider);
        string contentLength = request.Content is not null && request.Content.TryComputeLength(out long length) && length > 0
            ? length.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Empty;

        var sb = new StringBuilder();
        sb.Append(request.Method.Method).Append('\n');
        sb.Append(SharedKeyCanonicalizer.Header(request, "Content-Encoding")).Append('\n');
        sb.Append(SharedKeyCanonicalizer.Header(request, "Content-Language")).Append('\n');
        sb.Append(contentLength).Append('\n');
        sb.Append(SharedKeyCanonicalizer.Header(request, "Content-MD5")).Append('\n');
        sb.Append(SharedKeyCanonicalizer.Header(request, "Content-Type")).Append('\n');
        sb.Append('\n'); // Date: empty because x-ms-date is sent
        sb.Append(SharedKeyCanonicalizer.Header(request, "If-Modified-Since")).Append('\n');
        sb.Append(SharedKeyCanonicalizer.Header(request, "If-Match")).Append('\n');
        sb.Append(SharedKeyCanonicalizer.Header(request, "If-None-Match")).Append('\n');
        sb.Append(SharedKeyCanonicalizer.Header(request, "If-Unmodified-Since")).Append('\n');
        sb.Append(SharedKeyCanonicalizer.Header(request, "Range")).Append('\n');
        SharedKeyCanonicalizer.AppendMsHeaders(sb, request);
        SharedKeyCanonicalizer.AppendBlobQueueResource(sb, credential.AccountName, request.Uri.ToUri());

        request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {credential.AccountName}:{credential.Sign(sb.ToString())}");
    }
}
