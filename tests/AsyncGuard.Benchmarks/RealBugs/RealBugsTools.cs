using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks.RealBugs;

/// <summary>A tool compared on the real bugs: its analyzers and the rules of it that are about async mistakes.</summary>
internal sealed record RealBugsTool(string Name, ImmutableArray<string> Rules, ImmutableArray<DiagnosticAnalyzer> Analyzers)
{
    /// <summary>
    /// AsyncGuard's analyzers (as the cost benchmark builds them) and every peer package the benchmark project
    /// references, each narrowed to its async rules. A tool whose package is absent or has none of its rules is left out
    /// with a warning.
    /// </summary>
    public static IReadOnlyList<RealBugsTool> All()
    {
        (string Name, string[] Rules)[] tools =
        [
            ("AsyncGuard", ["AG0001", "AG0002", "AG0003", "AG0004", "AG0005"]),
            ("Meziantou", ["MA0042", "MA0045", "MA0147", "MA0155"]),
            ("VS Threading", ["VSTHRD002", "VSTHRD100", "VSTHRD101", "VSTHRD103"]),
            ("CA1849", ["CA1849"]),
            ("AsyncFixer", ["AsyncFixer01", "AsyncFixer02", "AsyncFixer03", "AsyncFixer04", "AsyncFixer05"]),
            ("Sonar", ["S4462", "S6966", "S3168"]),
        ];

        var analyzers = AnalyzerSuite.All()
            .Where(suite => suite.IsAsyncGuard)
            .SelectMany(suite => suite.Analyzers)
            .Concat(PeerPackageFolders().SelectMany(AnalyzerSuite.LoadPackageAnalyzers))
            .Distinct()
            .ToList();

        var result = new List<RealBugsTool>();
        foreach (var (name, rules) in tools)
        {
            var own = analyzers
                .Where(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => rules.Contains(descriptor.Id)))
                .ToImmutableArray();
            if (own.IsEmpty)
            {
                Console.Error.WriteLine($"warning: no analyzer for {name} ({string.Join(", ", rules)}) could be loaded; it is left out");
                continue;
            }

            result.Add(new RealBugsTool(name, [.. rules], own));
        }

        return result;
    }

    /// <summary>The package folders the benchmark project passes in its assembly metadata ("Peer:..." and "PeerPackage:...").</summary>
    private static IEnumerable<string> PeerPackageFolders()
        => typeof(RealBugsTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(attribute => (attribute.Key.StartsWith("Peer:", StringComparison.Ordinal) || attribute.Key.StartsWith("PeerPackage:", StringComparison.Ordinal))
                && !string.IsNullOrEmpty(attribute.Value) && Directory.Exists(attribute.Value))
            .Select(attribute => attribute.Value!)
            .Distinct(StringComparer.Ordinal);
}
