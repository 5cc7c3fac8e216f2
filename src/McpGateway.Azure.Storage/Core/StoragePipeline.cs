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

    public static ResponseClassifier Accepting(params ushort[] statuses) => new StatusCodeClassifier(statuses);
}
