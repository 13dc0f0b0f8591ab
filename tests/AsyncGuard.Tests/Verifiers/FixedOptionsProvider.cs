using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Tests.Verifiers
{
    /// <summary>
    /// A host's analyzer options: the same entries for every file. <c>listsKeys: false</c> is a host that answers
    /// <c>TryGetValue</c> but does not list its keys (no <c>Keys</c> override, so the base class throws).
    /// </summary>
    internal sealed class FixedOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptions _options;

        public FixedOptionsProvider(IReadOnlyDictionary<string, string> entries, bool listsKeys = true)
            => _options = listsKeys ? new ListedOptions(entries) : new UnlistedOptions(entries);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private class UnlistedOptions : AnalyzerConfigOptions
        {
            public UnlistedOptions(IReadOnlyDictionary<string, string> entries) => Entries = entries;

            protected IReadOnlyDictionary<string, string> Entries { get; }

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                var found = Entries.TryGetValue(key, out var entry);
                value = entry;
                return found;
            }
        }

        private sealed class ListedOptions : UnlistedOptions
        {
            public ListedOptions(IReadOnlyDictionary<string, string> entries)
                : base(entries)
            {
            }

            public override IEnumerable<string> Keys => Entries.Keys;
        }
    }
}
