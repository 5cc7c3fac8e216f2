using System.Diagnostics;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Repository;

/// <summary>What the repository itself promises: no file git tracks carries an unresolved merge.</summary>
public sealed class TrackedTextTests
{
    private static readonly string[] MarkerPrefixes = ["<<<<<<< ", ">>>>>>> ", "||||||| "];

    [Fact]
    public void No_tracked_text_file_carries_merge_conflict_markers()
    {
        var files = TrackedFiles();
        Assert.Contains("README.md", files);
        var found = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(Repo.Root, file);
            if (!File.Exists(path) || IsBinary(path))
            {
                continue;
            }
            var lines = File.ReadAllLines(path);
            var opened = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var marker = MarkerPrefixes.Any(p => line.StartsWith(p, StringComparison.Ordinal)) || line == "<<<<<<<" || line == ">>>>>>>";
                opened |= line.StartsWith("<<<<<<<", StringComparison.Ordinal);
                // "=======" alone is also a Markdown heading underline: a marker only after an opening one.
                if (marker || (opened && line == "======="))
                {
                    found.Add($"{file}:{i + 1}: {line}");
                }
            }
        }
        Assert.True(found.Count == 0, "Unresolved merge markers:\n" + string.Join("\n", found));
    }

    private static List<string> TrackedFiles()
    {
        using var git = Process.Start(new ProcessStartInfo("git", ["-C", Repo.Root, "ls-files", "-z"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, "git ls-files failed: " + git.StandardError.ReadToEnd());
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8000];
        var read = stream.Read(buffer, 0, buffer.Length);
        return Array.IndexOf(buffer, (byte)0, 0, read) >= 0;
    }
}
