using System.Text;

namespace McpGateway.Azure.Storage.Queues;

/// <summary>Base64 (UTF-8) or plain message text.</summary>
internal static class QueueMessageCodec
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string text, QueueMessageEncoding encoding) =>
        encoding == QueueMessageEncoding.Base64 ? Convert.ToBase64String(s_strictUtf8.GetBytes(text)) : text;

    public static string Decode(string raw, QueueMessageEncoding encoding)
    {
        if (encoding != QueueMessageEncoding.Base64)
        {
            return raw;
        }

        byte[] buffer = new byte[(raw.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(raw, buffer, out int written))
        {
            return raw;
        }

        try
        {
            return s_strictUtf8.GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return raw;
        }
    }
}
