using System.Globalization;
using System.Text;
using Azure.Core;

namespace McpGateway.Azure.Storage.Auth;

/// <summary>The string-to-sign pieces shared by the Table and Queue Shared Key policies.</summary>
internal static class SharedKeyCanonicalizer
{
    public static string SetDate(Request request, TimeProvider timeProvider)
    {
        string date = timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        request.Headers.SetValue("x-ms-date", date);
        return date;
    }

    public static string Header(Request request, string name) =>
        request.Headers.TryGetValue(name, out string? value) ? value : string.Empty;

    /// <summary>Table / SharedKeyLite resource: <c>/account/encoded-path</c> plus <c>?comp=</c> only.</summary>
    public static string TableResource(string account, Uri uri)
    {
        string resource = "/" + account + uri.AbsolutePath;
        foreach ((string name, string value) in ParseQuery(uri.Query))
        {
            if (name.Equals("comp", StringComparison.OrdinalIgnoreCase))
            {
                return resource + "?comp=" + value;
            }
        }

        return resource;
    }

    /// <summary>All <c>x-ms-*</c> headers: lowercase names, sorted, values trimmed, one <c>name:value\n</c> each.</summary>
    public static void AppendMsHeaders(StringBuilder sb, Request request)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (HttpHeader header in request.Headers)
        {
            if (header.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            {
                headers[header.Name.ToLowerInvariant()] = header.Value.Trim();
            }
        }

        foreach ((string name, string value) in headers)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    /// <summary>Blob/Queue resource: <c>/account/encoded-path</c> then <c>\nname:v1,v2</c> per query parameter, sorted.</summary>
    public static void AppendBlobQueueResource(StringBuilder sb, string account, Uri uri)
    {
        sb.Append('/').Append(account).Append(uri.AbsolutePath);
        var groups = ParseQuery(uri.Query)
            .GroupBy(p => p.Name.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var values = group.Select(p => p.Value).Order(StringComparer.Ordinal);
            sb.Append('\n').Append(group.Key).Append(':').Append(string.Join(',', values));
        }
    }

    private static IEnumerable<(string Name, string Value)> ParseQuery(string query)
    {
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            string name = eq < 0 ? pair : pair[..eq];
            string value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            yield return (Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
        }
    }
}
