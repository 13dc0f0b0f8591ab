using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks.RealBugs;

/// <summary>
/// The realbugs verb: for each manifest entry, the project holding the file is compiled as it was before the fix, every
/// tool analyzes that file, and the entry counts as found by a tool when one of the tool's async rules reports on the
/// entry's line (one line either side allowed) in that file. Prints the per-entry table and recall per kind and rule.
/// Usage: realbugs &lt;manifest.tsv&gt; [--repos-root DIR] [--repo owner/name] [--option key=value ..]
/// (an option is an .editorconfig entry given to every tool alike, say <c>asyncguard.AG0002.async_code=by_contract</c>)
/// </summary>
internal static class RealBugsCommand
{
    private const string DefaultReposRoot = "/work/.mirror";
    private const int LineTolerance = 1;

    public static async Task<int> RunAsync(string[] args)
    {
        string? manifestPath = null;
        var reposRoot = Environment.GetEnvironmentVariable("ASYNCGUARD_REPOS_ROOT") ?? DefaultReposRoot;
        string? onlyRepository = null;
        var editorConfig = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--repos-root" when i + 1 < args.Length:
                    reposRoot = args[++i];
                    break;
                case "--repo" when i + 1 < args.Length:
                    onlyRepository = args[++i];
                    break;
                case "--option" when i + 1 < args.Length && args[i + 1].IndexOf('=', StringComparison.Ordinal) > 0:
                    var entry = args[++i];
                    var equals = entry.IndexOf('=', StringComparison.Ordinal);
                    editorConfig[entry[..equals].Trim()] = entry[(equals + 1)..].Trim();
                    break;
                default:
                    if (manifestPath != null || args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        Console.Error.WriteLine($"error: unexpected '{args[i]}'. Usage: realbugs <manifest.tsv> [--repos-root DIR] [--repo owner/name] [--option key=value]");
                        return 2;
                    }

                    manifestPath = args[i];
                    break;
            }
        }

        if (manifestPath == null || !File.Exists(manifestPath))
        {
            Console.Error.WriteLine($"error: manifest '{manifestPath}' not found. Usage: realbugs <manifest.tsv> [--repos-root DIR] [--repo owner/name] [--option key=value]");
            return 2;
        }

        var bugs = RealBugManifest.Load(manifestPath)
            .Where(bug => onlyRepository == null || string.Equals(bug.Repository, onlyRepository, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var tools = RealBugsTool.All();
        var allAnalyzers = tools.SelectMany(tool => tool.Analyzers).Distinct().ToImmutableArray();
        var allRules = tools.SelectMany(tool => tool.Rules).ToList();

        var snapshots = new Dictionary<string, GitSnapshot?>(StringComparer.OrdinalIgnoreCase);
        foreach (var repository in bugs.Select(bug => bug.Repository).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            snapshots[repository] = GitSnapshot.Find(reposRoot, repository);
        }

        var missing = snapshots.Where(pair => pair.Value == null).Select(pair => pair.Key).OrderBy(name => name, StringComparer.Ordinal).ToList();
        Console.WriteLine($"# Real bugs: {bugs.Count} entries from {snapshots.Count} repositories ({manifestPath})");
        Console.WriteLine();
        Console.WriteLine($"Host: .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}. Tools: {string.Join("; ", tools.Select(tool => $"{tool.Name} ({string.Join(", ", tool.Rules)})"))}.");
        if (editorConfig.Count > 0)
        {
            Console.WriteLine($"Options given to every tool: {string.Join(", ", editorConfig.Select(pair => pair.Key + " = " + pair.Value))}.");
        }

        Console.WriteLine($"An entry is found by a tool when one of those rules reports in the entry's file within {LineTolerance} line of the entry's line, on the pre-fix commit.");
        if (missing.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"Missing repositories under {reposRoot} (their {bugs.Count(bug => missing.Contains(bug.Repository, StringComparer.OrdinalIgnoreCase))} entries are skipped):");
            foreach (var repository in missing)
            {
                Console.WriteLine($"- {repository}: fetch it (fetch tool: github:{repository}, which writes {reposRoot}/{repository.Replace('/', '+')}/repo), or `git clone --bare https://github.com/{repository} {Path.Combine(reposRoot, repository.Replace('/', '+'), "repo")}`");
            }
        }

        var results = new List<EntryResult>();
        var analysisCache = new Dictionary<(string Repository, string Commit, string Path), FileAnalysis>();
        var projectsCache = new Dictionary<(string Repository, string Commit), HistoricalProjects>();
        foreach (var bug in bugs)
        {
            var git = snapshots[bug.Repository];
            if (git == null)
            {
                continue;
            }

            if (!analysisCache.TryGetValue((bug.Repository, bug.BeforeCommit, bug.Path), out var analysis))
            {
                if (!projectsCache.TryGetValue((bug.Repository, bug.BeforeCommit), out var projects))
                {
                    projects = new HistoricalProjects(git, bug.BeforeCommit);
                    projectsCache[(bug.Repository, bug.BeforeCommit)] = projects;
                }

                analysis = await AnalyzeAsync(git, projects, bug, allAnalyzers, allRules, editorConfig);
                analysisCache[(bug.Repository, bug.BeforeCommit, bug.Path)] = analysis;
                Console.Error.WriteLine($"analyzed {bug.Repository} {bug.BeforeCommit[..10]} {bug.Path}: {analysis.Problem ?? $"{analysis.ProjectFiles} files in its project, {analysis.CompilerErrors} compiler errors in the file"}");
            }

            var found = tools.ToDictionary(
                tool => tool.Name,
                tool => analysis.Diagnostics
                    .Where(diagnostic => tool.Rules.Contains(diagnostic.Id) && Math.Abs(diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1 - bug.Line) <= LineTolerance)
                    .Select(diagnostic => diagnostic.Id)
                    .Distinct()
                    .Order(StringComparer.Ordinal)
                    .ToList());
            results.Add(new EntryResult(bug, analysis, found));
        }

        PrintEntries(results, tools);
        PrintRecall(results, tools);
        return 0;
    }

    private static async Task<FileAnalysis> AnalyzeAsync(GitSnapshot git, HistoricalProjects projects, RealBug bug, ImmutableArray<DiagnosticAnalyzer> analyzers, IReadOnlyList<string> rules, IReadOnlyDictionary<string, string> editorConfig)
    {
        if (!git.HasCommit(bug.BeforeCommit))
        {
            return FileAnalysis.Failed($"commit {bug.BeforeCommit} is not in {git.GitDirectory} (fetch a newer snapshot)");
        }

        var text = git.Show(bug.BeforeCommit, bug.Path);
        if (text == null)
        {
            return FileAnalysis.Failed($"{bug.Path} does not exist at {bug.BeforeCommit}");
        }

        var compilation = projects.CompilationFor(bug.Path, rules);
        var tree = compilation.SyntaxTrees.FirstOrDefault(candidate => candidate.FilePath == bug.Path);
        if (tree == null)
        {
            return FileAnalysis.Failed($"{bug.Path} is not among its project's sources");
        }

        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new SameEverywhereOptions(editorConfig)),
            (exception, analyzer, _) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}"); } },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var model = compilation.GetSemanticModel(tree);
        var syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None);
        var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None);
        var diagnostics = syntax.Concat(semantic)
            .Where(diagnostic => diagnostic.Location.SourceTree == tree && diagnostic.Severity != DiagnosticSeverity.Hidden)
            .ToImmutableArray();
        var compilerErrors = model.GetDiagnostics().Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        return new FileAnalysis(diagnostics, compilation.SyntaxTrees.Count(), compilerErrors, exceptions, Problem: null);
    }

    private static void PrintEntries(IReadOnlyList<EntryResult> results, IReadOnlyList<RealBugsTool> tools)
    {
        Console.WriteLine();
        Console.WriteLine("## Entries");
        Console.WriteLine();
        Console.WriteLine($"| Id | Repository | Kind | Rule | File:line | Errors | {string.Join(" | ", tools.Select(tool => tool.Name))} |");
        Console.WriteLine($"|---|---|---|---|---|---:|{string.Concat(tools.Select(_ => "---|"))}");
        foreach (var result in results)
        {
            var bug = result.Bug;
            var cells = tools.Select(tool => result.Analysis.Problem != null ? "n/a"
                : result.Found[tool.Name] is { Count: > 0 } ids ? string.Join(" ", ids) : "-");
            var errors = result.Analysis.Problem ?? result.Analysis.CompilerErrors.ToString(CultureInfo.InvariantCulture);
            Console.WriteLine($"| {bug.Id} | {bug.Repository} | {bug.Kind} | {bug.Rule} | {Path.GetFileName(bug.Path)}:{bug.Line} | {errors} | {string.Join(" | ", cells)} |");
        }

        var thrown = results.Select(result => result.Analysis).Distinct().SelectMany(analysis => analysis.Exceptions).ToList();
        if (thrown.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"Analyzer exceptions (AD0001): {string.Join("; ", thrown.GroupBy(text => text).Select(group => $"{group.Key} x{group.Count()}"))}");
        }
    }

    private static void PrintRecall(IReadOnlyList<EntryResult> results, IReadOnlyList<RealBugsTool> tools)
    {
        var analyzed = results.Where(result => result.Analysis.Problem == null).ToList();
        Console.WriteLine();
        Console.WriteLine($"## Recall ({analyzed.Count} entries analyzed, {results.Count - analyzed.Count} could not be)");
        Console.WriteLine();
        Console.WriteLine($"| Group | Entries | {string.Join(" | ", tools.Select(tool => tool.Name))} |");
        Console.WriteLine($"|---|---:|{string.Concat(tools.Select(_ => "---:|"))}");
        var groups = new List<(string Name, List<EntryResult> Entries)> { ("All", analyzed) };
        groups.AddRange(RealBugManifest.Kinds.Select(kind => ($"kind {kind}", analyzed.Where(result => result.Bug.Kind == kind).ToList())));
        groups.AddRange(analyzed.Select(result => result.Bug.Rule).Distinct().Order(StringComparer.Ordinal)
            .Select(rule => ($"rule {rule}", analyzed.Where(result => result.Bug.Rule == rule).ToList())));
        foreach (var (name, entries) in groups.Where(group => group.Entries.Count > 0))
        {
            var cells = tools.Select(tool =>
            {
                var hits = entries.Count(result => result.Found[tool.Name].Count > 0);
                return string.Create(CultureInfo.InvariantCulture, $"{hits} ({100.0 * hits / entries.Count:F0}%)");
            });
            Console.WriteLine($"| {name} | {entries.Count} | {string.Join(" | ", cells)} |");
        }

        var asyncGuard = tools.FirstOrDefault(tool => tool.Name == "AsyncGuard");
        if (asyncGuard != null)
        {
            var exact = analyzed.Count(result => result.Found[asyncGuard.Name].Contains(result.Bug.Rule));
            Console.WriteLine();
            Console.WriteLine($"AsyncGuard with the entry's own rule (not another AG rule on that line): {exact} of {analyzed.Count}.");
            Console.WriteLine();
            Console.WriteLine("### Entries AsyncGuard misses");
            Console.WriteLine();
            foreach (var result in analyzed.Where(result => result.Found[asyncGuard.Name].Count == 0))
            {
                var bug = result.Bug;
                var peers = tools.Where(tool => tool != asyncGuard && result.Found[tool.Name].Count > 0).Select(tool => tool.Name).ToList();
                Console.WriteLine($"- {bug.Id} ({bug.Kind}, {bug.Rule}) {bug.Repository} {bug.BeforeCommit[..10]} {bug.Path}:{bug.Line}: {bug.Note} [found by: {(peers.Count > 0 ? string.Join(", ", peers) : "none")}]");
            }
        }
    }

    private sealed record FileAnalysis(ImmutableArray<Diagnostic> Diagnostics, int ProjectFiles, int CompilerErrors, IReadOnlyList<string> Exceptions, string? Problem)
    {
        public static FileAnalysis Failed(string problem) => new([], 0, 0, [], problem);
    }

    private sealed record EntryResult(RealBug Bug, FileAnalysis Analysis, IReadOnlyDictionary<string, List<string>> Found);
}
