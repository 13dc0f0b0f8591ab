using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Concepts
{
    /// <summary>Reading AsyncGuard's .editorconfig / .globalconfig keys.</summary>
    internal static class RuleOptions
    {
        /// <summary>Every distinct value a key has across the compilation's files and its global options.</summary>
        public static IEnumerable<string> DistinctValues(AnalyzerOptions options, Compilation compilation, string key)
        {
            var seen = new HashSet<string>();
            if (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out var global) && seen.Add(global))
            {
                yield return global;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var value) && seen.Add(value))
                {
                    yield return value;
                }
            }
        }
    }
}
