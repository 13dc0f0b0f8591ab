using AsyncGuard.Benchmarks;
using Microsoft.CodeAnalysis;

// Analyzer cost and findings, AsyncGuard next to its peers and the compiler's binding time. Usage:
//   dotnet run -c Release --project tests/AsyncGuard.Benchmarks -- [folder ...] [--iterations N] [--warmups N] [--list RULE]
//       [--only RULE,RULE] [--findings FILE] [--findings-only] [--no-scaling] [--scaling-only] [--before FOLDER LABEL]
//       [--option key=value ..] [--floors] [--instrument]
// With no folder, a generated corpus is used. The largest corpus is also measured on 25%/50% of its files and on its
// largest file alone (--no-scaling skips that, --scaling-only does only that). --findings writes every AsyncGuard finding as corpus, rule, file, span (line:column-line:column), message and
// the properties handed to the fix; --findings-only runs AsyncGuard's rules once per corpus for that, timing nothing
// (to check that a change to the analyzers' cost leaves their findings as they were). --before measures another build
// of AsyncGuard.Analyzers.dll (in FOLDER, named LABEL in the tables) in the same analyses as the current one. --option
// gives every analyzer an .editorconfig entry, say asyncguard.AG0002.async_code=by_contract. --floors adds
// do-nothing analyzers with each rule's registrations (FloorAnalyzer.Variants); --instrument measures every analyzer's
// callbacks (thread CPU time, GC pauses, JIT, allocations: InstrumentedAnalyzer) and prints what Roslyn's times are made of.
//   dotnet run -c Release --project tests/AsyncGuard.Benchmarks -- realbugs <manifest.tsv> [--repos-root DIR]
// measures recall on real async bugs instead (RealBugs/RealBugsCommand.cs).
if (args.Length > 0 && args[0] == "realbugs")
{
    return await AsyncGuard.Benchmarks.RealBugs.RealBugsCommand.RunAsync(args[1..]);
}

var folders = new List<string>();
var iterations = 5;
var warmUps = 6;
string? listRule = null;
string? findingsFile = null;
HashSet<string>? only = null;
var scaling = true;
var findingsOnly = false;
var scalingOnly = false;
var floors = false;
var instrument = false;
(string Folder, string Label)? before = null;
var editorConfig = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iterations" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
            iterations = n;
            i++;
            break;
        case "--warmups" when i + 1 < args.Length && int.TryParse(args[i + 1], out var w) && w > 0:
            warmUps = w;
            i++;
            break;
        case "--list" when i + 1 < args.Length:
            listRule = args[++i];
            break;
        case "--only" when i + 1 < args.Length:
            only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            break;
        case "--findings" when i + 1 < args.Length:
            findingsFile = args[++i];
            break;
        case "--no-scaling":
            scaling = false;
            break;
        case "--scaling-only":
            scalingOnly = true;
            break;
        case "--before" when i + 2 < args.Length:
            before = (args[i + 1], args[i + 2]);
            i += 2;
            break;
        case "--floors":
            floors = true;
            break;
        case "--instrument":
            instrument = true;
            break;
        case "--findings-only":
            findingsOnly = true;
            break;
        case "--option" when i + 1 < args.Length && args[i + 1].IndexOf('=', StringComparison.Ordinal) > 0:
            var entry = args[++i];
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            editorConfig[entry[..equals].Trim()] = entry[(equals + 1)..].Trim();
            break;
        default:
            if (!Directory.Exists(args[i]))
            {
                Console.Error.WriteLine($"error: '{args[i]}' is not a folder. Usage: [folder ...] [--iterations N] [--warmups N] [--list RULE] [--only RULE,RULE] [--findings FILE] [--findings-only] [--no-scaling] [--scaling-only] [--before FOLDER LABEL] [--option key=value] [--floors] [--instrument]");
                return 2;
            }

            folders.Add(args[i]);
            break;
    }
}

var suites = AnalyzerSuite.All()
    .Concat(before is { } b ? AnalyzerSuite.Before(b.Folder, b.Label) : [])
    .Append(AnalyzerSuite.Floor())
    .Concat(floors ? AnalyzerSuite.FloorVariants() : [])
    .Where(suite => only == null || only.Contains(suite.RuleId) || suite.IsFloor)
    .Select(suite => instrument ? suite.Instrumented() : suite)
    .ToList();
var corpora = folders.Count > 0 ? folders.Select(Corpus.Load).ToList() : [Corpus.Synthetic(classes: 400)];
var benchmark = new CostBenchmark(suites, iterations, warmUps, Console.Out, editorConfig);

Console.WriteLine($"Host: .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}, {Environment.ProcessorCount} cores; load average at start {(await File.ReadAllTextAsync("/proc/loadavg")).Trim()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
Console.WriteLine($"{iterations} measured iterations after {warmUps} warm-ups; each binds the compilation without analyzers and runs every analyzer in one analysis (which of the two goes first alternates, and the analyzers run in reverse order every other iteration); analyzer time is Roslyn's per-analyzer execution time; figures are median (min–max).");
var findings = new List<string>();
foreach (var corpus in scalingOnly ? [] : corpora)
{
    var diagnostics = findingsOnly ? await benchmark.FindingsAsync(corpus) : await benchmark.MeasureCorpusAsync(corpus, listRule);
    foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("AG", StringComparison.Ordinal)))
    {
        var span = diagnostic.Location.GetLineSpan();
        findings.Add($"{corpus.Name}\t{diagnostic.Id}\t{corpus.RelativePath(span.Path)}\t{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}-{span.EndLinePosition.Line + 1}:{span.EndLinePosition.Character + 1}\t{diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}\t{string.Join(";", diagnostic.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))}");
    }
}

if (scaling && !findingsOnly)
{
    var largest = corpora.OrderByDescending(corpus => corpus.Lines).First();
    await benchmark.MeasureLargestFileAsync(largest);
    await benchmark.MeasureScalingAsync(largest);
}

if (findingsFile != null)
{
    findings.Sort(StringComparer.Ordinal);
    await File.WriteAllLinesAsync(findingsFile, findings);
}

Console.WriteLine();
Console.WriteLine($"Load average at end: {(await File.ReadAllTextAsync("/proc/loadavg")).Trim()}.");
return 0;
