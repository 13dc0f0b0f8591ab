using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AsyncGuard.Options;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Tests.Repository
{
    /// <summary>
    /// The parts of the documentation that are facts of the code: the README's rules and options tables, the
    /// package README's rules table, and each rule page's header and options block. They are rendered from the
    /// descriptors and the option definitions into regions marked <c>&lt;!-- generated: NAME --&gt;</c> ..
    /// <c>&lt;!-- end generated --&gt;</c>; everything outside the markers is written by hand.
    /// </summary>
    internal static class GeneratedDocs
    {
        public const string RegenerateCommand = "ASYNCGUARD_UPDATE_DOCS=1 dotnet test tests/AsyncGuard.Tests --filter FullyQualifiedName~GeneratedDocsTests";

        private const string End = "<!-- end generated -->";

        /// <summary>Every generated region: (file relative to the repository root, region name, expected content).</summary>
        public static IEnumerable<(string File, string Region, string Content)> Regions()
        {
            yield return ("README.md", "rules", RulesTable(linkPrefix: "docs/rules/", withCategory: true));
            yield return ("README.md", "options", OptionsTable(AsyncGuardOptions.All, withRule: true, linkPrefix: "docs/rules/"));
            yield return (Path.Combine("nuget", "README.md"), "rules", RulesTable(linkPrefix: null, withCategory: false));
            foreach (var descriptor in Descriptors())
            {
                var page = Path.Combine("docs", "rules", descriptor.Id + ".md");
                yield return (page, "header", Header(descriptor));
                yield return (page, "options", RuleOptions(descriptor));
            }
        }

        /// <summary>The text of <paramref name="region"/> in <paramref name="text"/>, or null when the markers are missing.</summary>
        public static string? Extract(string text, string region)
        {
            var begin = Begin(region);
            var start = text.IndexOf(begin, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf(End, start, StringComparison.Ordinal);
            return start < 0 || end < 0 ? null : text.Substring(start + begin.Length, end - start - begin.Length).Trim('\n');
        }

        /// <summary><paramref name="text"/> with <paramref name="region"/>'s content replaced (the markers must exist).</summary>
        public static string Replace(string text, string region, string content)
        {
            var begin = Begin(region);
            var start = text.IndexOf(begin, StringComparison.Ordinal);
            var end = text.IndexOf(End, start, StringComparison.Ordinal);
            return text.Substring(0, start + begin.Length) + "\n" + content + "\n" + text.Substring(end);
        }

        public static IReadOnlyList<DiagnosticDescriptor> Descriptors()
            => PackageTypes.Analyzers()
                .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
                .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
                .ToList();

        public static bool HasCodeFix(string id)
            => PackageTypes.CodeFixes()
                .Any(type => ((CodeFixProvider)Activator.CreateInstance(type)!).FixableDiagnosticIds.Contains(id));

        private static string Begin(string region) => "<!-- generated: " + region + " -->";

        private static string RulesTable(string? linkPrefix, bool withCategory)
        {
            var text = new StringBuilder();
            text.Append(withCategory ? "| ID | Title | Category | Severity | Code fix |\n|---|---|---|---|---|\n" : "| ID | Rule | Code fix |\n|---|---|---|\n");
            foreach (var descriptor in Descriptors())
            {
                var id = linkPrefix == null ? descriptor.Id : $"[{descriptor.Id}]({linkPrefix}{descriptor.Id}.md)";
                var fix = HasCodeFix(descriptor.Id) ? "yes" : "no";
                text.Append(withCategory
                    ? $"| {id} | {descriptor.Title} | {descriptor.Category} | {descriptor.DefaultSeverity} | {fix} |\n"
                    : $"| {id} | {descriptor.Title} | {fix} |\n");
            }

            return text.ToString().TrimEnd('\n');
        }

        private static string OptionsTable(IEnumerable<OptionDefinition> options, bool withRule, string linkPrefix)
        {
            var text = new StringBuilder();
            text.Append(withRule ? "| Key | Rule | Default | Values | Meaning |\n|---|---|---|---|---|\n" : "| Key | Default | Values | Meaning |\n|---|---|---|---|\n");
            foreach (var option in options)
            {
                var rule = withRule ? $" [{option.RuleId}]({linkPrefix}{option.RuleId}.md) |" : string.Empty;
                text.Append($"| `{option.Key}` |{rule} `{option.DefaultText}` | {option.AllowedText} | {option.Description} |\n");
            }

            return text.ToString().TrimEnd('\n');
        }

        private static string Header(DiagnosticDescriptor descriptor)
        {
            var options = AsyncGuardOptions.All.Where(option => option.RuleId == descriptor.Id).ToList();
            var optionText = options.Count == 0 ? "severity only" : string.Join(", ", options.Select(option => $"`{option.Key}` (default `{option.DefaultText}`)"));
            return "| | |\n|---|---|\n"
                + $"| Category | {descriptor.Category} |\n"
                + $"| Default severity | {descriptor.DefaultSeverity} |\n"
                + $"| Code fix | {(HasCodeFix(descriptor.Id) ? "yes (see [Fix](#fix))" : "no")} |\n"
                + $"| Options | {optionText} |";
        }

        private static string RuleOptions(DiagnosticDescriptor descriptor)
        {
            // AG0006 checks every option, so its page lists them all.
            var checksAll = descriptor.Id == RuleIds.InvalidConfiguration;
            var options = checksAll ? AsyncGuardOptions.All.ToList() : AsyncGuardOptions.All.Where(option => option.RuleId == descriptor.Id).ToList();
            var text = new StringBuilder();
            text.Append("```ini\n[*.cs]\n")
                .Append($"dotnet_diagnostic.{descriptor.Id}.severity = {descriptor.DefaultSeverity.ToString().ToLowerInvariant()}   # error, warning, suggestion, silent or none\n");
            if (!checksAll)
            {
                foreach (var option in options)
                {
                    text.Append($"{option.Key} = {(option.DefaultText == "(empty)" ? string.Empty : option.DefaultText)}\n");
                }
            }

            text.Append("```");
            if (options.Count > 0)
            {
                text.Append(checksAll ? "\n\nThe options it checks:\n\n" : "\n\n").Append(OptionsTable(options, withRule: checksAll, linkPrefix: string.Empty));
            }

            return text.ToString();
        }
    }
}
