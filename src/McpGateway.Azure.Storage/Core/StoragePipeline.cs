using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using McpGateway.Azure.Storage.Auth;

namespace McpGateway.Azure.Storage.Core;

/// <summary>
/// Builds the Azure.Core pipeline (retries, timeouts, client request ids, logging from <see cref="ClientOptions"/>)
/// with the auth policy added per retry, and sends messages, turning non-success responses into
/// <see cref="RequestFailedException"/> with the service's error code.
/// </summary>
internal static class StoragePipeline
{
    public static HttpPipeline Build(ClientOptions options, HttpPipelinePolicy authPolicy)
    {
        var pipelineOptions = new HttpPipelineOptions(options)
        {
            RequestFailedDetailsParser = StorageErrorParser.Instance,
        };
        pipelineOptions.PerRetryPolicies.Add(authPolicy);
        return HttpPipelineBuilder.Build(pipelineOptions);
    }

    public static HttpPipelinePolicy BearerPolicy(TokenCredential credential) =>
        new BearerTokenAuthenticationPolicy(credential, StorageScopes.Storage);

    /// <summary>Sends <paramref name="message"/>; throws <see cref="RequestFailedException"/> if the classifier calls the response an error.</summary>
    public static async Task<Response> SendCheckedAsync(this HttpPipeline pipeline, HttpMessage message, CancellationToken cancellationToken)
    {
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.IsError)
        {
            throw new RequestFailedException(message.Response, null, StorageErrorParser.Instance);
        }

        return message.Response;
    }

    /// <summary>
    /// For create-if-not-exists: a 409 is fine only when its error code says the resource already exists
    /// (not, say, <c>TableBeingDeleted</c>); otherwise it becomes a <see cref="RequestFailedException"/>.
    /// </summary>
    public static Response EnsureExistsConflict(Response response, string alreadyExistsCode)
    {
        if (response.Status == 409
            && (!StorageErrorParser.Instance.TryParse(response, out ResponseError? error, out _) || error?.Code != alreadyExistsCode))
        {
            throw new RequestFailedException(response, null, StorageErrorParser.Instance);
        }

        return response;
    }

    public static ResponseClassifier Accepting(params ushort[] statuses) => new StatusCodeClassifier(statuses);
}
