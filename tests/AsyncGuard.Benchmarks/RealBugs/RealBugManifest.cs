using System.Globalization;

namespace AsyncGuard.Benchmarks.RealBugs;

/// <summary>
/// One async mistake that a project's maintainers later fixed: where it was in the code before the fix, what kind of
/// mistake it is and which AsyncGuard rule should report it.
/// </summary>
internal sealed record RealBug(
    string Id,
    string Repository,
    string BeforeCommit,
    string FixCommit,
    string Path,
    int Line,
    string Kind,
    string Rule,
    string Note);

/// <summary>
/// The manifest: a tab-separated file with a header row
/// (id, repository, before, fix, path, line, kind, rule, note); blank lines and lines starting with '#' are skipped.
/// </summary>
internal static class RealBugManifest
{
    private static readonly string[] Columns = ["id", "repository", "before", "fix", "path", "line", "kind", "rule", "note"];

    public static readonly IReadOnlyList<string> Kinds = ["blocking-task", "sync-io", "async-void", "unbounded-fanout", "unguarded-io"];

    public static IReadOnlyList<RealBug> Load(string path)
    {
        var bugs = new List<RealBug>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        var headerSeen = false;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            var cells = raw.Split('\t');
            if (!headerSeen)
            {
                if (!cells.Take(Columns.Length).SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
                {
                    throw new FormatException($"{path}({lineNumber}): the header must be: {string.Join(" <tab> ", Columns)}");
                }

                headerSeen = true;
                continue;
            }

            if (cells.Length < Columns.Length - 1)
            {
                throw new FormatException($"{path}({lineNumber}): {cells.Length} cells, {Columns.Length} expected");
            }

            if (!int.TryParse(cells[5], NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line < 1)
            {
                throw new FormatException($"{path}({lineNumber}): line '{cells[5]}' is not a positive number");
            }

            if (!Kinds.Contains(cells[6]))
            {
                throw new FormatException($"{path}({lineNumber}): kind '{cells[6]}' is not one of {string.Join(", ", Kinds)}");
            }

            if (!ids.Add(cells[0]))
            {
                throw new FormatException($"{path}({lineNumber}): id '{cells[0]}' is used twice");
            }

            bugs.Add(new RealBug(cells[0], cells[1], cells[2], cells[3], cells[4], line, cells[6], cells[7], cells.Length > 8 ? cells[8] : ""));
        }

        return bugs;
    }
}
