using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using McpGateway.Security;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The audit table's layout (see docs/storage.md). An entry id is <c>{utc ticks:D19}-{suffix}</c> (<see cref="AuditTrail"/>);
/// its keys are derived from it so that the table's own order (PartitionKey, then RowKey) is the id order reversed,
/// which is the SQLite store's <c>ORDER BY id DESC</c>:
/// <list type="bullet">
/// <item>RowKey: <c>{long.MaxValue − ticks:D19}-{suffix with each character mirrored in [-0-9a-z]}~</c>. The closing
/// <c>~</c> sorts after every mirrored character, so a shorter suffix that is a prefix of a longer one still sorts after it.</item>
/// <item>PartitionKey: the RowKey's inverted ticks in whole days (8 digits): newest day first, one partition per day.</item>
/// </list>
/// </summary>
internal static class AuditRows
{
    public const string Id = "Id";
    public const string Time = "Time";
    public const string Actor = "Actor";
    public const string Action = "Action";
    public const string Target = "Target";
    public const string Outcome = "Outcome";
    public const string ClientAddress = "ClientAddress";
    public const string Detail = "Detail";

    private const int TicksDigits = 19;
    private const string Alphabet = "-0123456789abcdefghijklmnopqrstuvwxyz";
    private const char End = '~';
    private const int MaxIdLength = 400;

    /// <summary>The keys of the entry with this id, or null when the id is not of the <see cref="AuditTrail"/> form.</summary>
    public static (string Partition, string Row)? KeysOf(string? id)
    {
        if (id is null || id.Length <= TicksDigits || id.Length > MaxIdLength || id[TicksDigits] != '-'
            || !long.TryParse(id.AsSpan(0, TicksDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
        {
            return null;
        }
        var inverted = long.MaxValue - ticks;
        var row = new StringBuilder(id.Length + 1).Append(inverted.ToString("D19", CultureInfo.InvariantCulture)).Append('-');
        foreach (var c in id.AsSpan(TicksDigits + 1))
        {
            var index = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }
            row.Append(Alphabet[Alphabet.Length - 1 - index]);
        }
        return (DayOf(inverted), row.Append(End).ToString());
    }

    /// <summary>The partition that holds entries of <paramref name="time"/>; older entries are in this one or later ones.</summary>
    public static string PartitionAt(DateTimeOffset time) => DayOf(long.MaxValue - time.UtcTicks);

    public static TableEntity Entry(string partition, string row, AuditEntry entry)
    {
        var entity = new TableEntity(partition, row)
        {
            [Id] = entry.Id,
            [Time] = entry.Time,
            [Actor] = entry.Actor,
            [Action] = entry.Action,
            [Outcome] = entry.Outcome,
        };
        if (entry.Target is not null)
        {
            entity[Target] = entry.Target;
        }
        if (entry.ClientAddress is not null)
        {
            entity[ClientAddress] = entry.ClientAddress;
        }
        if (entry.Detail is not null)
        {
            entity[Detail] = entry.Detail;
        }
        return entity;
    }

    public static AuditEntry Read(TableEntity row) => new()
    {
        Id = row.GetString(Id) ?? string.Empty,
        Time = row.GetDateTimeOffset(Time) ?? default,
        Actor = row.GetString(Actor) ?? string.Empty,
        Action = row.GetString(Action) ?? string.Empty,
        Target = row.GetString(Target),
        Outcome = row.GetString(Outcome) ?? string.Empty,
        ClientAddress = row.GetString(ClientAddress),
        Detail = row.GetString(Detail),
    };

    private static string DayOf(long inverted) => (inverted / TimeSpan.TicksPerDay).ToString("D8", CultureInfo.InvariantCulture);
}
