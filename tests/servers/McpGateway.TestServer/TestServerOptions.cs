using System.Globalization;

namespace McpGateway.TestServer;

/// <summary>Command line of the test server (see tests/servers/README.md).</summary>
public sealed record TestServerOptions
{
    public bool Stdio { get; init; }
    public bool Http { get; init; }
    public int Port { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    public string Path { get; init; } = "/mcp";
    public bool Stateless { get; init; }
    public string Id { get; init; } = "test-server";
    public int StartupDelayMs { get; init; }
    public bool Verbose { get; init; }

    public const string Usage =
        "usage: McpGateway.TestServer (--stdio | --http --port N [--host 127.0.0.1] [--path /mcp] [--stateless])\n" +
        "                             [--id NAME] [--startup-delay-ms N] [--verbose]";

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message on bad input.</summary>
    public static TestServerOptions Parse(IReadOnlyList<string> args)
    {
        var o = new TestServerOptions();
        bool portGiven = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int IntValue() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n : throw new ArgumentException($"{arg} needs a non-negative integer");
            switch (arg)
            {
                case "--stdio": o = o with { Stdio = true }; break;
                case "--http": o = o with { Http = true }; break;
                case "--port": o = o with { Port = IntValue() }; portGiven = true; break;
                case "--host": o = o with { Host = Value() }; break;
                case "--path": o = o with { Path = NormalizePath(Value()) }; break;
                case "--stateless": o = o with { Stateless = true }; break;
                case "--id": o = o with { Id = Value() }; break;
                case "--startup-delay-ms": o = o with { StartupDelayMs = IntValue() }; break;
                case "--verbose": o = o with { Verbose = true }; break;
                default: throw new ArgumentException($"unknown argument '{arg}'");
            }
        }

        if (o.Stdio == o.Http)
        {
            throw new ArgumentException("exactly one of --stdio or --http is required");
        }

        if (o.Http && !portGiven)
        {
            throw new ArgumentException("--http needs --port N (0 picks a free port)");
        }

        if (o.Port > 65535)
        {
            throw new ArgumentException("--port must be at most 65535");
        }

        return o;
    }

    private static string NormalizePath(string path) => path.StartsWith('/') ? path : "/" + path;
}
