namespace McpGateway.Azure.Storage.Tables;

/// <summary>How an update or upsert treats properties that are on the stored entity but not in the request.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep them (HTTP MERGE/PATCH).</summary>
    Merge,

    /// <summary>Drop them: the stored entity becomes exactly the request (HTTP PUT).</summary>
    Replace,
}
