using System.Text;
using Azure;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>
/// Writes the <c>multipart/mixed</c> body of an entity-group transaction (one changeset) and reads the
/// per-operation responses back.
/// </summary>
internal static class TableBatch
{
    public const int MaxActions = 100;

    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }

        if (actions.Count > MaxActions)
        {
            throw new ArgumentException($"A transaction may hold at most {MaxActions} actions (got {actions.Count}).", nameof(actions));
        }

        string partition = actions[0].Entity.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (TableTransactionAction action in actions)
        {
            TableKeys.Validate(action.Entity.PartitionKey, nameof(TableEntity.PartitionKey));
            TableKeys.Validate(action.Entity.RowKey, nameof(TableEntity.RowKey));
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new ArgumentException("All actions in a transaction must use the same PartitionKey.", nameof(actions));
            }

            if (!rowKeys.Add(action.Entity.RowKey))
            {
                throw new ArgumentException("A transaction may touch each entity only once (duplicate RowKey).", nameof(actions));
            }
        }
    }

    public static string Write(Uri serviceUri, string table, IReadOnlyList<TableTransactionAction> actions, string batchBoundary, string changesetBoundary)
    {
        string baseUri = serviceUri.AbsoluteUri.TrimEnd('/');
        var sb = new StringBuilder();
        sb.Append("--").Append(batchBoundary).Append("\r\n");
        sb.Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append("\r\n\r\n");
        foreach (TableTransactionAction action in actions)
        {
            (string method, bool entityPath, bool ifMatch, bool body) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", false, false, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", true, true, true),
                TableTransactionActionType.UpdateReplace => ("PUT", true, true, true),
                TableTransactionActionType.UpsertMerge => ("MERGE", true, false, true),
                TableTransactionActionType.UpsertReplace => ("PUT", true, false, true),
                TableTransactionActionType.Delete => ("DELETE", true, true, false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown action type."),
            };
            string url = baseUri + "/" + (entityPath ? TablePaths.Entity(table, action.Entity.PartitionKey, action.Entity.RowKey) : table);

            sb.Append("--").Append(changesetBoundary).Append("\r\n");
            sb.Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            sb.Append(method).Append(' ').Append(url).Append(" HTTP/1.1\r\n");
            sb.Append("Accept: application/json;odata=minimalmetadata\r\n");
            sb.Append("DataServiceVersion: 3.0\r\n");
            if (ifMatch)
            {
                sb.Append("If-Match: ").Append(action.ETag == default ? "*" : action.ETag.ToString()).Append("\r\n");
            }

            if (body)
            {
                sb.Append("Prefer: return-no-content\r\n");
                sb.Append("Content-Type: application/json\r\n\r\n");
                sb.Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(action.Entity))).Append("\r\n");
            }
            else
            {
                sb.Append("\r\n");
            }
        }

        sb.Append("--").Append(changesetBoundary).Append("--\r\n");
        sb.Append("--").Append(batchBoundary).Append("--\r\n");
        return sb.ToString();
    }

    /// <summary>One embedded HTTP response of a batch response.</summary>
    public sealed record Part(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Reads every embedded <c>HTTP/1.1 NNN</c> response in order.</summary>
    public static IReadOnlyList<Part> Read(string body)
    {
        var parts = new List<Part>();
        string[] lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                continue;
            }

            int status = int.Parse(lines[i].AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (i++; i < lines.Length && lines[i].Length > 0; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0)
                {
                    headers[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
                }
            }

            var content = new StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                content.Append(lines[i]).Append('\n');
            }

            parts.Add(new Part(status, headers, content.ToString().Trim()));
            i--; // let the loop see the boundary line
        }

        return parts;
    }

    public static ETag ETagOf(Part part) => part.Headers.TryGetValue("ETag", out string? etag) ? new ETag(etag) : default;
}
