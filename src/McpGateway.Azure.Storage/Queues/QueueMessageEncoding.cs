namespace McpGateway.Azure.Storage.Queues;

/// <summary>How <see cref="QueueClient"/> writes and reads <c>MessageText</c>.</summary>
public enum QueueMessageEncoding
{
    /// <summary>Base64 of the UTF-8 text (Azure Functions queue trigger default).</summary>
    Base64,

    /// <summary>The text as is (XML-escaped in the request body).</summary>
    None,
}
