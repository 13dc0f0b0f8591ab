using System.Collections.Immutable;
using System.Reflection;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks;

/// <summary>The analyzers that implement one rule, ours or a peer's, measured as a unit.</summary>
internal sealed record AnalyzerSuite(string Name, string RuleId, ImmutableArray<DiagnosticAnalyzer> Analyzers)
{
    /// <summary>The Roslyn this process hosts; a package's roslynX.Y folder above it cannot be loaded.</summary>
    private static readonly Version HostRoslyn = typeof(Compilation).Assembly.GetName().Version!;

    /// <summary>One of AsyncGuard's own rules (not a peer's, nor the floor).</summary>
    public bool IsAsyncGuard => Analyzers.All(analyzer => Unwrapped(analyzer).GetType().Assembly == typeof(BlockingTaskAnalyzer).Assembly);

    /// <summary>A do-nothing analyzer (<see cref="FloorAnalyzer"/>), not a rule.</summary>
    public bool IsFloor => Analyzers.All(analyzer => Unwrapped(analyzer) is FloorAnalyzer);

    /// <summary>One of AsyncGuard's rules from another build (<see cref="Before"/>).</summary>
    public bool IsBefore { get; private init; }

    /// <summary>
    /// The same rules from another build of AsyncGuard.Analyzers.dll (the one before a change), loaded on its own so
    /// that both builds run in the same analysis, interleaved: a before/after comparison that the machine's load
    /// cannot bias.
    /// </summary>
    public static IReadOnlyList<AnalyzerSuite> Before(string folder, string label)
    {
        var assembly = new BeforeLoadContext().LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(folder, "AsyncGuard.Analyzers.dll")));
        var analyzers = assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToList();
        return All().Where(suite => suite.IsAsyncGuard)
            .Select(suite => new AnalyzerSuite(label, suite.RuleId, analyzers.Where(analyzer => analyzer.SupportedDiagnostics.Any(d => d.Id == suite.RuleId)).ToImmutableArray()) { IsBefore = true })
            .Where(suite => !suite.Analyzers.IsEmpty)
            .ToList();
    }

    /// <summary>An invocation action that does nothing: the least any invocation-based rule costs.</summary>
    public static AnalyzerSuite Floor() => new("Floor: empty invocation action", FloorAnalyzer.Id, [new FloorAnalyzer()]);

    /// <summary>The floor's variants (--floors): each rule's registrations doing nothing, and semantic-model questions.</summary>
    public static IEnumerable<AnalyzerSuite> FloorVariants()
        => FloorAnalyzer.Variants().Select(variant => new AnalyzerSuite(variant.Name, variant.Analyzer.SupportedDiagnostics[0].Id, [variant.Analyzer]));

    /// <summary>The same suite with each analyzer's callbacks measured (--instrument, <see cref="InstrumentedAnalyzer"/>).</summary>
    public AnalyzerSuite Instrumented() => this with { Analyzers = Analyzers.Select(analyzer => (DiagnosticAnalyzer)new InstrumentedAnalyzer(analyzer)).ToImmutableArray() };

    private static DiagnosticAnalyzer Unwrapped(DiagnosticAnalyzer analyzer) => analyzer is InstrumentedAnalyzer instrumented ? instrumented.Inner : analyzer;

    public static IReadOnlyList<AnalyzerSuite> All()
    {
        var suites = new List<AnalyzerSuite>
        {
            new("AsyncGuard", RuleIds.BlockingTask, [new BlockingTaskAnalyzer()]),
            new("AsyncGuard", RuleIds.AsyncCounterpart, [new AsyncCounterpartAnalyzer()]),
            new("AsyncGuard", RuleIds.UnboundedFanOut, [new UnboundedFanOutAnalyzer()]),
            new("AsyncGuard", RuleIds.UnguardedFanOutIo, [new UnguardedFanOutIoAnalyzer()]),
            new("AsyncGuard", RuleIds.AsyncVoid, [new AsyncVoidAnalyzer()]),
        };

        foreach (var attribute in typeof(AnalyzerSuite).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (!attribute.Key.StartsWith("Peer:", StringComparison.Ordinal) || string.IsNullOrEmpty(attribute.Value))
            {
                continue;
            }

            // Key: "Peer:<rule id>:<display name>"; value: the package folder.
            var parts = attribute.Key.Split(':', 3);
            var ruleId = parts[1];
            var analyzers = LoadPackageAnalyzers(attribute.Value)
                .Where(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == ruleId))
                .ToImmutableArray();
            if (analyzers.IsEmpty)
            {
                Console.Error.WriteLine($"warning: no analyzer for {ruleId} found in {attribute.Value}; it is left out");
                continue;
            }

            suites.Add(new(parts.Length > 2 ? parts[2] : ruleId, ruleId, analyzers));
        }

        return suites;
    }

    internal static IEnumerable<DiagnosticAnalyzer> LoadPackageAnalyzers(string packageFolder)
    {
        var loader = new LoadFromLoader();
        foreach (var path in CSharpAnalyzerAssemblies(packageFolder))
        {
            var reference = new AnalyzerFileReference(path, loader);
            foreach (var analyzer in reference.GetAnalyzers(LanguageNames.CSharp))
            {
                yield return analyzer;
            }
        }
    }

    /// <summary>
    /// The package's C# analyzer DLLs: analyzers/dotnet/cs, analyzers/cs, or for packages built per Roslyn version the
    /// highest analyzers/dotnet/roslynX.Y/cs that this host can load, or analyzers itself (Sonar). Code-fix DLLs are skipped.
    /// </summary>
    private static IEnumerable<string> CSharpAnalyzerAssemblies(string packageFolder)
    {
        var root = Path.Combine(packageFolder, "analyzers");
        var perRoslyn = Directory.Exists(Path.Combine(root, "dotnet"))
            ? Directory.GetDirectories(Path.Combine(root, "dotnet"), "roslyn*")
                .Select(dir => (Dir: dir, Version: Version.TryParse(Path.GetFileName(dir).Substring("roslyn".Length), out var v) ? v : null))
                .Where(x => x.Version != null && x.Version <= HostRoslyn)
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "cs"))
                .FirstOrDefault()
            : null;

        var folders = perRoslyn != null
            ? new[] { perRoslyn }
            : new[] { Path.Combine(root, "dotnet", "cs"), Path.Combine(root, "cs"), root };
        return folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*.dll"))
            .Where(path => !Path.GetFileName(path).Contains("CodeFix", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Loads the other AsyncGuard.Analyzers.dll next to the current one; Roslyn and the framework come from the host.</summary>
    private sealed class BeforeLoadContext : System.Runtime.Loader.AssemblyLoadContext
    {
        public BeforeLoadContext()
            : base("AsyncGuard before")
        {
        }

        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }

    private sealed class LoadFromLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
