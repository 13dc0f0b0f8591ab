using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Benchmarks;

/// <summary>The same .editorconfig entries for every file, as a <c>[*.cs]</c> section would give them.</summary>
internal sealed class SameEverywhereOptions(IReadOnlyDictionary<string, string> entries) : AnalyzerConfigOptionsProvider
{
    private readonly Entries _options = new Entries(entries);

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class Entries(IReadOnlyDictionary<string, string> entries) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            => entries.TryGetValue(key, out value);
    }
}
