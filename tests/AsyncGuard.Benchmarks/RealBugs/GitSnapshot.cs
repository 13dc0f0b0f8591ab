using System.Diagnostics;
using System.Text;

namespace AsyncGuard.Benchmarks.RealBugs;

/// <summary>
/// Read access to one fetched repository's history through the git command line: the file list and file contents at a
/// commit, without checking anything out.
/// </summary>
internal sealed class GitSnapshot
{
    private readonly Dictionary<string, IReadOnlyList<string>> _trees = new(StringComparer.Ordinal);
    private Process? _batch;

    private GitSnapshot(string gitDirectory) => GitDirectory = gitDirectory;

    public string GitDirectory { get; }

    /// <summary>
    /// The git directory of <paramref name="repository"/> (owner/name) below <paramref name="root"/>: tried as
    /// root/owner+name/repo (what the fetch tool writes), root/owner+name, root/name and root/name.git, each either a
    /// bare git directory or a checkout. Null when none exists.
    /// </summary>
    public static GitSnapshot? Find(string root, string repository)
    {
        var owner = repository.Split('/')[0];
        var name = repository.Split('/')[^1];
        string[] candidates =
        [
            Path.Combine(root, $"{owner}+{name}", "repo"),
            Path.Combine(root, $"{owner}+{name}"),
            Path.Combine(root, name),
            Path.Combine(root, name + ".git"),
        ];
        foreach (var candidate in candidates)
        {
            if (!Directory.Exists(candidate))
            {
                continue;
            }

            var gitDirectory = Directory.Exists(Path.Combine(candidate, ".git")) ? Path.Combine(candidate, ".git") : candidate;
            if (File.Exists(Path.Combine(gitDirectory, "HEAD")))
            {
                return new GitSnapshot(gitDirectory);
            }
        }

        return null;
    }

    public bool HasCommit(string commit) => Run(["cat-file", "-e", commit + "^{commit}"], out _);

    /// <summary>Every file path at <paramref name="commit"/>, '/'-separated.</summary>
    public IReadOnlyList<string> Files(string commit)
    {
        if (!_trees.TryGetValue(commit, out var files))
        {
            files = Run(["ls-tree", "-r", "--name-only", "-z", commit], out var output)
                ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
                : [];
            _trees[commit] = files;
        }

        return files;
    }

    /// <summary>The text of <paramref name="path"/> at <paramref name="commit"/>, or null when it is not there.</summary>
    public string? Show(string commit, string path)
    {
        // One long-lived "git cat-file --batch" reads every file: a process per file is slow on a busy machine.
        if (_batch == null)
        {
            var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "--git-dir", GitDirectory, "cat-file", "--batch" })
            {
                start.ArgumentList.Add(argument);
            }

            _batch = Process.Start(start)!;
        }

        _batch.StandardInput.Write($"{commit}:{path}\n");
        _batch.StandardInput.Flush();
        var output = _batch.StandardOutput.BaseStream;
        var header = ReadHeader(output);
        var fields = header.Split(' ');
        if (fields.Length < 3 || fields[1] != "blob" || !int.TryParse(fields[2], out var size))
        {
            return null;
        }

        var bytes = new byte[size + 1];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = output.Read(bytes, read, bytes.Length - read);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return Encoding.UTF8.GetString(bytes, 0, size);
    }

    private static string ReadHeader(Stream stream)
    {
        var header = new StringBuilder();
        for (var b = stream.ReadByte(); b is not (-1 or '\n'); b = stream.ReadByte())
        {
            header.Append((char)b);
        }

        return header.ToString();
    }

    private bool Run(IEnumerable<string> arguments, out string output)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--git-dir");
        start.ArgumentList.Add(GitDirectory);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = errors.Result;
        return process.ExitCode == 0;
    }
}
