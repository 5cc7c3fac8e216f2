using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Azure;

namespace McpGateway.Azure.Storage.Queues;

/// <summary>The Queue service's XML bodies: <c>&lt;QueueMessage&gt;</c> requests and <c>&lt;QueueMessagesList&gt;</c> responses.</summary>
internal static class QueueXml
{
    public static byte[] MessageBody(string wireText)
    {
        var doc = new XDocument(new XElement("QueueMessage", new XElement("MessageText", wireText)));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), OmitXmlDeclaration = false }))
        {
            doc.Save(writer);
        }

        return buffer.ToArray();
    }

    public static IEnumerable<XElement> Messages(Response response)
    {
        using var reader = XmlReader.Create(response.Content.ToStream(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        XDocument doc = XDocument.Load(reader);
        return doc.Root?.Elements("QueueMessage").ToArray() ?? [];
    }

    public static string Text(XElement message, string name) => message.Element(name)?.Value ?? string.Empty;

    public static long Long(XElement message, string name) =>
        long.TryParse(message.Element(name)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : 0;

    public static DateTimeOffset Time(XElement message, string name) => ParseTime(message.Element(name)?.Value);

    public static DateTimeOffset ParseTime(string? rfc1123) =>
        string.IsNullOrEmpty(rfc1123)
            ? default
            : DateTimeOffset.ParseExact(rfc1123, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
