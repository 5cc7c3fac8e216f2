using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace McpGateway.Storage.Azure;

/// <summary>
/// Text longer than one string property holds (64 KiB of UTF-16, 32K characters), stored in rows of one partition:
/// row <c>chunk-{set}-{n}</c> holds pieces <c>P0</c>…<c>P7</c> of up to 32,000 characters each (8 × 64,000 bytes, well under
/// the 1 MiB entity limit). A set is written whole before anything refers to it and is never changed afterwards, so a
/// reader that finds fewer rows than the reference says knows the set was replaced meanwhile and reads again.
/// </summary>
internal static class TableChunks
{
    public const int PieceLength = 32_000;
    public const int PiecesPerRow = 8;
    private const string Prefix = "chunk-";
    private const string Piece = "P";

    public static bool FitsInline(string text) => text.Length <= PieceLength;

    public static string NewSet() => Guid.NewGuid().ToString("N");

    /// <summary>Writes <paramref name="text"/> as chunk set <paramref name="set"/>; returns the number of rows.</summary>
    public static async Task<int> WriteAsync(TableClient table, string partition, string set, string text, CancellationToken cancellationToken)
    {
        var rows = 0;
        var start = 0;
        while (start < text.Length)
        {
            var row = new TableEntity(partition, RowKey(set, rows));
            for (var p = 0; p < PiecesPerRow && start < text.Length; p++)
            {
                var length = Math.Min(PieceLength, text.Length - start);
                if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
                {
                    length--; // never split a surrogate pair across two properties
                }
                row[Piece + p.ToString(CultureInfo.InvariantCulture)] = text.Substring(start, length);
                start += length;
            }
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            rows++;
        }
        return rows;
    }

    /// <summary>The text of a set, or null when it does not have <paramref name="rows"/> rows (replaced meanwhile).</summary>
    public static async Task<string?> ReadAsync(TableClient table, string partition, string set, int rows, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {SetPrefix(set)} and RowKey lt {SetEnd(set)}");
        var found = new List<TableEntity>(rows);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            found.Add(row);
        }
        if (found.Count != rows)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var row in found.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            for (var p = 0; p < PiecesPerRow && row.GetString(Piece + p.ToString(CultureInfo.InvariantCulture)) is { } piece; p++)
            {
                text.Append(piece);
            }
        }
        return text.ToString();
    }

    /// <summary>Deletes a set's rows (idempotent).</summary>
    public static async Task DeleteAsync(TableClient table, string partition, string set, int rows, CancellationToken cancellationToken)
    {
        for (var n = 0; n < rows; n++)
        {
            await table.DeleteEntityAsync(partition, RowKey(set, n), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static string RowKey(string set, int n) => SetPrefix(set) + n.ToString("D5", CultureInfo.InvariantCulture);

    private static string SetPrefix(string set) => Prefix + set + "-";

    /// <summary>The first row key after every row of the set ('.' sorts right after '-').</summary>
    private static string SetEnd(string set) => Prefix + set + ".";
}
