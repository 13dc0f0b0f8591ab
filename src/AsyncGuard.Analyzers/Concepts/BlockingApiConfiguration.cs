using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using AsyncGuard.Options;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// User configuration of AG0002: extra blocking APIs with their replacements and excluded APIs, from the
    /// AdditionalFile <c>AsyncGuard.BlockingApis.txt</c>, and excluded APIs from the .editorconfig key
    /// <see cref="AsyncGuardOptions.ExcludedApis"/>. APIs are named <c>Namespace.Type.Method</c> (every overload) or
    /// <c>Namespace.Type</c> (every method of the type). Malformed entries are collected, reported once, and ignored.
    /// </summary>
    internal sealed class BlockingApiConfiguration
    {
        public const string FileName = "AsyncGuard.BlockingApis.txt";

        private BlockingApiConfiguration(
            ImmutableHashSet<string> excluded,
            ImmutableArray<ConfiguredName> excludedEntries,
            ImmutableDictionary<string, string> replacements,
            ImmutableArray<ConfigurationProblem> problems)
        {
            Excluded = excluded;
            ExcludedEntries = excludedEntries;
            Replacements = replacements;
            Problems = problems;
        }

        public static BlockingApiConfiguration Empty { get; } = new BlockingApiConfiguration(
            ImmutableHashSet<string>.Empty, ImmutableArray<ConfiguredName>.Empty, ImmutableDictionary<string, string>.Empty, ImmutableArray<ConfigurationProblem>.Empty);

        /// <summary>Excluded APIs: <c>Namespace.Type.Method</c> or <c>Namespace.Type</c>.</summary>
        public ImmutableHashSet<string> Excluded { get; }

        /// <summary>The exclusions with the file line each came from, so AG0006 can point at one that names nothing.</summary>
        public ImmutableArray<ConfiguredName> ExcludedEntries { get; }

        /// <summary>Blocking <c>Namespace.Type.Method</c> → replacement <c>Namespace.Type.MethodAsync</c>.</summary>
        public ImmutableDictionary<string, string> Replacements { get; }

        public ImmutableArray<ConfigurationProblem> Problems { get; }

        /// <summary>
        /// Reads the AdditionalFile. Each non-empty line that is not a <c>#</c> comment is either
        /// <c>Blocking.Api =&gt; Replacement.ApiAsync</c> or <c>!Excluded.Api</c>.
        /// </summary>
        public static BlockingApiConfiguration Parse(IEnumerable<AdditionalText> files, System.Threading.CancellationToken cancellationToken)
        {
            var excluded = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            var excludedEntries = ImmutableArray.CreateBuilder<ConfiguredName>();
            var replacements = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            var problems = ImmutableArray.CreateBuilder<ConfigurationProblem>();

            foreach (var file in files)
            {
                if (!string.Equals(System.IO.Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var text = file.GetText(cancellationToken);
                if (text == null)
                {
                    continue;
                }

                foreach (var line in text.Lines)
                {
                    var content = line.ToString();
                    var comment = content.IndexOf('#');
                    var entry = (comment >= 0 ? content.Substring(0, comment) : content).Trim();
                    if (entry.Length == 0)
                    {
                        continue;
                    }

                    var location = Location.Create(file.Path, line.Span, text.Lines.GetLinePositionSpan(line.Span));
                    if (entry.StartsWith("!", StringComparison.Ordinal))
                    {
                        var name = entry.Substring(1).Trim();
                        if (NameListOption.IsQualifiedName(name))
                        {
                            excluded.Add(name);
                            excludedEntries.Add(new ConfiguredName(name, location));
                        }
                        else
                        {
                            problems.Add(new ConfigurationProblem(location, $"'{entry}' in {FileName}: an exclusion is '!Namespace.Type.Method' or '!Namespace.Type'"));
                        }

                        continue;
                    }

                    var arrow = entry.IndexOf("=>", StringComparison.Ordinal);
                    var blocking = arrow > 0 ? entry.Substring(0, arrow).Trim() : string.Empty;
                    var replacement = arrow > 0 ? entry.Substring(arrow + 2).Trim() : string.Empty;
                    if (NameListOption.IsQualifiedName(blocking) && NameListOption.IsQualifiedName(replacement) && CountDots(blocking) >= 1 && CountDots(replacement) >= 1)
                    {
                        replacements[blocking] = replacement;
                    }
                    else
                    {
                        problems.Add(new ConfigurationProblem(location, $"'{entry}' in {FileName}: an entry is 'Namespace.Type.Method => Namespace.Type.MethodAsync' or '!Namespace.Type.Method'"));
                    }
                }
            }

            return excluded.Count == 0 && replacements.Count == 0 && problems.Count == 0
                ? Empty
                : new BlockingApiConfiguration(excluded.ToImmutable(), excludedEntries.ToImmutable(), replacements.ToImmutable(), problems.ToImmutable());
        }

        public bool IsExcluded(IMethodSymbol method) => IsExcluded(Excluded, method);

        public static bool IsExcluded(ImmutableHashSet<string> excluded, IMethodSymbol method)
        {
            if (excluded.Count == 0)
            {
                return false;
            }

            var type = QualifiedName(method.ContainingType);
            return excluded.Contains(type) || excluded.Contains(type + "." + method.Name);
        }

        public static string QualifiedName(INamedTypeSymbol type)
        {
            var name = type.MetadataName;
            for (var containing = type.ContainingType; containing != null; containing = containing.ContainingType)
            {
                name = containing.MetadataName + "+" + name;
            }

            return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
        }

        private static int CountDots(string name)
        {
            var count = 0;
            foreach (var c in name)
            {
                if (c == '.')
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>An API or type named in configuration, and where.</summary>
    internal sealed class ConfiguredName
    {
        public ConfiguredName(string name, Location location)
        {
            Name = name;
            Location = location;
        }

        public string Name { get; }

        public Location Location { get; }
    }

    /// <summary>A configuration entry that was ignored, and why.</summary>
    internal sealed class ConfigurationProblem
    {
        public ConfigurationProblem(Location location, string message)
        {
            Location = location;
            Message = message;
        }

        public Location Location { get; }

        public string Message { get; }
    }
}
