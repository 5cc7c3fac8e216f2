namespace McpGateway.Tests.Contract;

/// <summary>A running gateway the contract suite talks to over HTTP: where it is and the admin key it was started with.</summary>
public interface IGatewayTarget
{
    Uri BaseAddress { get; }

    /// <summary>The static admin key (<c>API_KEY</c>) of the target.</summary>
    string AdminKey { get; }

    /// <summary>A client for <see cref="BaseAddress"/> that sends <paramref name="apiKey"/> as <c>X-API-Key</c> (none: anonymous).</summary>
    HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }
        return client;
    }
}
