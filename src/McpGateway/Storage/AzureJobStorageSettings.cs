using McpGateway.Storage.Azure;
using McpGateway.Jobs;

namespace McpGateway.Storage;

/// <summary>Checks the job table and queue names used when the store is <c>tables</c>; messages name the setting and the fix.</summary>
public static class AzureJobStorageSettings
{
    /// <summary>Queue names are 3-63 characters and the poison queue appends <c>-poison</c>.</summary>
    private const int MaxQueueNameLength = 63 - 7;

    public static IEnumerable<string> Validate(JobOptions options)
    {
        if (!IsValidQueueName(options.QueueName))
        {
            yield return $"McpGateway:Jobs:QueueName is '{options.QueueName}': use 3-{MaxQueueNameLength} lowercase letters, digits or single hyphens, starting and ending with a letter or digit (the poison queue adds '-poison'), e.g. mcpgateway-jobs.";
        }
        if (!string.IsNullOrEmpty(options.StdioQueueName) && !IsValidQueueName(options.StdioQueueName))
        {
            yield return $"McpGateway:Jobs:StdioQueueName is '{options.StdioQueueName}': use 3-{MaxQueueNameLength} lowercase letters, digits or single hyphens, starting and ending with a letter or digit (the poison queue adds '-poison'), e.g. mcpgateway-stdio-jobs.";
        }
        if (!IsValidTableName(options.TableName))
        {
            yield return $"McpGateway:Jobs:TableName is '{options.TableName}': use 3-63 letters or digits starting with a letter (not 'tables'), e.g. mcpgatewayjobs.";
        }
    }

    private static bool IsValidQueueName(string? name)
        => name is { Length: >= 3 and <= MaxQueueNameLength }
           && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
           && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);

    private static bool IsValidTableName(string? name)
    {
        try
        {
            TableKeys.ValidateTableName(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
