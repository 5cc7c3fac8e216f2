using Azure;

namespace McpGateway.Azure.Storage.Core;

/// <summary>A <see cref="NullableResponse{T}"/> for "not found": <c>HasValue</c> is false, the raw 404 response is kept.</summary>
internal sealed class NoValueResponse<T>(Response response) : NullableResponse<T>
{
    public override bool HasValue => false;

    public override T? Value => default;

    public override Response GetRawResponse() => response;
}
