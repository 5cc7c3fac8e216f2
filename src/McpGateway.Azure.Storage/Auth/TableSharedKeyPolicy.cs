using Azure.Core;
using Azure.Core.Pipeline;

namespace McpGateway.Azure.Storage.Auth;

/// <summary>
/// Signs Table requests with Shared Key (Table flavour: <c>VERB\nContent-MD5\nContent-Type\nDate\nCanonicalizedResource</c>,
/// no canonicalized headers). Added as a per-retry policy so every try gets a fresh <c>x-ms-date</c>.
/// </summary>
internal sealed class TableSharedKeyPolicy(StorageSharedKeyCredential credential, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        Request request = message.Request;
        string date = SharedKeyCanonicalizer.SetDate(request, timeProvider);
        string stringToSign = string.Join('\n',
            request.Method.Method,
            SharedKeyCanonicalizer.Header(request, "Content-MD5"),
            SharedKeyCanonicalizer.Header(request, "Content-Type"),
            date,
            SharedKeyCanonicalizer.TableResource(credential.AccountName, request.Uri.ToUri()));
        request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {credential.AccountName}:{credential.Sign(stringToSign)}");
    }
}
