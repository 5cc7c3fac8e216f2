using System.Text.Json;
using System.Xml;
using Azure;
using Azure.Core;

namespace McpGateway.Azure.Storage.Core;

/// <summary>
/// Reads the storage service's error code and message from a failed response: the Table JSON body
/// (<c>odata.error.code</c>), the Queue/Blob XML body (<c>&lt;Error&gt;&lt;Code&gt;</c>), or the
/// <c>x-ms-error-code</c> header when there is no body (HEAD requests).
/// </summary>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public static StorageErrorParser Instance { get; } = new();

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue("x-ms-error-code", out string? headerCode);
        (string? code, string? message) = ReadBody(response);
        code ??= headerCode;
        if (code is null && message is null)
        {
            error = null;
            return false;
        }

        error = new ResponseError(code, message ?? code);
        return true;
    }

    private static (string? Code, string? Message) ReadBody(Response response)
    {
        BinaryData? content;
        try
        {
            content = response.Content;
        }
        catch (InvalidOperationException)
        {
            return (null, null); // streamed body that was not buffered
        }

        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            ReadOnlySpan<byte> bytes = content.ToMemory().Span;
            int first = 0;
            while (first < bytes.Length && (bytes[first] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or 0xEF or 0xBB or 0xBF))
            {
                first++;
            }

            if (first < bytes.Length && bytes[first] == (byte)'{')
            {
                return ReadJson(content);
            }

            if (first < bytes.Length && bytes[first] == (byte)'<')
            {
                return ReadXml(content);
            }
        }
        catch (JsonException)
        {
        }
        catch (XmlException)
        {
        }

        return (null, null);
    }

    private static (string?, string?) ReadJson(BinaryData content)
    {
        using JsonDocument doc = JsonDocument.Parse(content);
        if (!doc.RootElement.TryGetProperty("odata.error", out JsonElement err)
            && !doc.RootElement.TryGetProperty("error", out err))
        {
            return (null, null);
        }

        string? code = err.TryGetProperty("code", out JsonElement c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        string? message = null;
        if (err.TryGetProperty("message", out JsonElement m))
        {
            message = m.ValueKind switch
            {
                JsonValueKind.String => m.GetString(),
                JsonValueKind.Object when m.TryGetProperty("value", out JsonElement v) => v.GetString(),
                _ => null,
            };
        }

        return (code, message);
    }

    private static (string?, string?) ReadXml(BinaryData content)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(content.ToStream(), settings);
        string? code = null;
        string? message = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1)
            {
                continue;
            }

            if (reader.LocalName == "Code")
            {
                code = reader.ReadElementContentAsString();
            }
            else if (reader.LocalName == "Message")
            {
                message = reader.ReadElementContentAsString();
            }
        }

        return (code, message?.Split('\n')[0].Trim());
    }
}
