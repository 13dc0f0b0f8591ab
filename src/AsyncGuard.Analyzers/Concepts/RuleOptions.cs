using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Concepts
{
    /// <summary>Reading AsyncGuard's .editorconfig / .globalconfig keys.</summary>
    internal static class RuleOptions
    {
        public const string FanOutBoundKey = "asyncguard.AG0003.bounded_item_count";
        public const string ThrottleDegreeKey = "asyncguard.AG0003.max_concurrency";
        public const int DefaultFanOutBound = 8;
        public const int DefaultThrottleDegree = 8;

        /// <summary>The integer option of a file, or <paramref name="defaultValue"/> when absent or not valid (reported by AG0006).</summary>
        public static int GetInt(AnalyzerOptions options, SyntaxTree tree, string key, int defaultValue, int min, int max)
            => options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var text) && TryParseInt(text, min, max, out var value)
                ? value
                : defaultValue;

        public static bool TryParseInt(string text, int min, int max, out int value)
            => int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value)
                && value >= min && value <= max;

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
