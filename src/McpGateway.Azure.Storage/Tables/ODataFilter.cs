using System.Globalization;

namespace McpGateway.Azure.Storage.Tables;

/// <summary>
/// The one place that builds OData <c>$filter</c> expressions. Values are always rendered as typed literals
/// (strings quoted with <c>'</c> doubled, <c>datetime'…'</c>, <c>guid'…'</c>, <c>123L</c>, <c>X'…'</c>), and property
/// names must be plain identifiers, so caller data can never change the shape of the query.
/// </summary>
/// <example><code>ODataFilter.And(ODataFilter.Equal("PartitionKey", pk), ODataFilter.GreaterThanOrEqual("RowKey", "a"))</code></example>
public static class ODataFilter
{
    public static string Equal(string property, object value) => Compare(property, "eq", value);

    public static string NotEqual(string property, object value) => Compare(property, "ne", value);

    public static string GreaterThan(string property, object value) => Compare(property, "gt", value);

    public static string GreaterThanOrEqual(string property, object value) => Compare(property, "ge", value);

    public static string LessThan(string property, object value) => Compare(property, "lt", value);

    public static string LessThanOrEqual(string property, object value) => Compare(property, "le", value);

    /// <summary>Joins the non-empty conditions with <c>and</c>, each in parentheses.</summary>
    public static string And(params string[] conditions) => Join("and", conditions);

    /// <summary>Joins the non-empty conditions with <c>or</c>, each in parentheses.</summary>
    public static string Or(params string[] conditions) => Join("or", conditions);

    public static string Not(string condition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(condition);
        return $"not ({condition})";
    }

    /// <summary>Renders a value as an OData v3 literal.</summary>
    public static string Literal(object value) => value switch
    {
        null => throw new ArgumentNullException(nameof(value), "Table filters cannot compare with null."),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        DateTime or DateTimeOffset => "datetime'" + TableEntityJson.FormatDate(value) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        BinaryData data => "X'" + Convert.ToHexString(data.ToMemory().Span) + "'",
        _ => throw new NotSupportedException($"Cannot use a {value.GetType().Name} in a table filter."),
    };

    private static string Compare(string property, string op, object value)
    {
        ValidatePropertyName(property);
        return $"{property} {op} {Literal(value)}";
    }

    private static string Join(string op, string[] conditions)
    {
        string[] parts = conditions.Where(c => !string.IsNullOrWhiteSpace(c)).ToArray();
        return parts.Length switch
        {
            0 => throw new ArgumentException("At least one condition is required.", nameof(conditions)),
            1 => parts[0],
            _ => string.Join($" {op} ", parts.Select(c => $"({c})")),
        };
    }

    private static string FormatDouble(double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException("NaN and infinities cannot be used in a table filter.", nameof(d));
        }

        string text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    /// <summary>Property names are identifiers (letters, digits, underscore; not starting with a digit), at most 255 characters.</summary>
    internal static void ValidatePropertyName(string property)
    {
        ArgumentException.ThrowIfNullOrEmpty(property);
        bool ok = property.Length <= 255 && (char.IsAsciiLetter(property[0]) || property[0] == '_')
            && property.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!ok)
        {
            throw new ArgumentException("Filter property names must be identifiers (letters, digits, '_').", nameof(property));
        }
    }
}
