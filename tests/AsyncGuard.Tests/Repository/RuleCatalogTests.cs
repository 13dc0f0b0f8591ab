using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AsyncGuard.Tests.Repository
{
    /// <summary>
    /// Walks every rule by reflection and checks that it is complete wherever a user meets it: descriptor, help
    /// link, doc page, release tracking, README row, and a code fix or a written reason for none.
    /// </summary>
    public class RuleCatalogTests
    {
        public static IEnumerable<object[]> Rules()
            => AllDescriptors().Select(pair => new object[] { pair.Descriptor.Id });

        [Fact]
        public void Every_analyzer_is_exported_and_every_rule_has_exactly_one_analyzer()
        {
            var analyzerTypes = PackageTypes.Analyzers().ToList();
            Assert.NotEmpty(analyzerTypes);
            foreach (var type in analyzerTypes)
            {
                var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
                Assert.True(attribute != null, type.Name + " has no [DiagnosticAnalyzer]");
                Assert.Contains(LanguageNames.CSharp, attribute!.Languages);
            }

            var duplicates = AllDescriptors().GroupBy(pair => pair.Descriptor.Id).Where(group => group.Count() > 1).Select(group => group.Key);
            Assert.Empty(duplicates);
        }

        [Fact]
        public void Every_rule_id_constant_has_a_descriptor()
        {
            var ids = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral)
                .Select(field => (string)field.GetRawConstantValue()!)
                .ToList();
            Assert.NotEmpty(ids);
            Assert.Equal(ids.OrderBy(id => id), AllDescriptors().Select(pair => pair.Descriptor.Id).OrderBy(id => id));
        }

        [Theory]
        [MemberData(nameof(Rules))]
        public void Descriptor_is_complete(string id)
        {
            var descriptor = Descriptor(id);
            Assert.Matches("^AG[0-9]{4}$", descriptor.Id);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()), "title");
            Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()), "message");
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), "description");
            Assert.Contains(descriptor.Category, new[] { "Performance", "Reliability", "Usage" });
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Equal(RuleDescriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        }

        [Theory]
        [MemberData(nameof(Rules))]
        public void Help_link_points_to_an_existing_doc_page_for_the_rule(string id)
        {
            var descriptor = Descriptor(id);
            var relative = descriptor.HelpLinkUri.Substring(descriptor.HelpLinkUri.IndexOf("docs/rules/", StringComparison.Ordinal));
            var page = RepositoryLayout.PathOf(relative.Split('/'));
            Assert.True(File.Exists(page), "missing " + relative);

            var text = File.ReadAllText(page);
            Assert.StartsWith("# " + id + ": " + descriptor.Title, text, StringComparison.Ordinal);
            foreach (var section in new[] { "## Why", "## What is flagged", "## What is not flagged", "## Fix", "## Options" })
            {
                Assert.Contains(section, text, StringComparison.Ordinal);
            }
        }

        [Theory]
        [MemberData(nameof(Rules))]
        public void Rule_has_a_release_tracking_entry_matching_its_descriptor(string id)
        {
            var descriptor = Descriptor(id);
            var releases = RepositoryLayout.ReadText("src", "AsyncGuard.Analyzers", "AnalyzerReleases.Shipped.md")
                + RepositoryLayout.ReadText("src", "AsyncGuard.Analyzers", "AnalyzerReleases.Unshipped.md");
            var pattern = "^" + id + @"\s*\|\s*" + descriptor.Category + @"\s*\|\s*" + descriptor.DefaultSeverity + @"\s*\|";
            Assert.Matches(new Regex(pattern, RegexOptions.Multiline), releases);
        }

        [Theory]
        [MemberData(nameof(Rules))]
        public void Rule_has_a_row_in_the_README_rules_table(string id)
        {
            var descriptor = Descriptor(id);
            var readme = RepositoryLayout.ReadText("README.md");
            var row = readme.Split('\n').FirstOrDefault(line => line.StartsWith("| [" + id + "](docs/rules/" + id + ".md) |", StringComparison.Ordinal));
            Assert.True(row != null, "README has no rules-table row for " + id);
            Assert.Contains(descriptor.Title.ToString(), row, StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(Rules))]
        public void Rule_has_a_code_fix_or_its_page_says_why_not(string id)
        {
            var fixers = PackageTypes.CodeFixes()
                .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
                .Where(fixer => fixer.FixableDiagnosticIds.Contains(id))
                .ToList();

            if (fixers.Count == 0)
            {
                var page = RepositoryLayout.ReadText("docs", "rules", id + ".md");
                Assert.True(page.Contains("No automatic fix:", StringComparison.Ordinal), id + " has no code fix and its page gives no reason");
                return;
            }

            foreach (var fixer in fixers)
            {
                Assert.NotNull(fixer.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>());
                Assert.NotNull(fixer.GetFixAllProvider());
            }
        }

        [Fact]
        public void Help_links_are_built_on_the_repository_url_the_package_declares()
        {
            // One place for the address: the package's RepositoryUrl (Directory.Build.props); the help links extend it.
            var props = RepositoryLayout.ReadText("Directory.Build.props");
            var url = Regex.Match(props, "<RepositoryUrl>([^<]+)</RepositoryUrl>").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(url), "Directory.Build.props declares no RepositoryUrl");
            Assert.Equal(RuleDescriptors.HelpLinkBase, url + "/blob/main/docs/rules/");
        }

        [Fact]
        public void Every_analyzer_has_a_test_class_that_verifies_it()
        {
            var testSources = Directory.GetFiles(RepositoryLayout.PathOf("tests", "AsyncGuard.Tests", "Rules"), "*.cs", SearchOption.AllDirectories)
                .Select(File.ReadAllText)
                .ToList();
            foreach (var analyzer in PackageTypes.Analyzers())
            {
                Assert.True(
                    testSources.Any(source => source.Contains("CSharpVerifier<AsyncGuard.Rules." + analyzer.Name, StringComparison.Ordinal)),
                    analyzer.Name + " has no test class in tests/AsyncGuard.Tests/Rules (see CONTRIBUTING.md, step 5)");
            }
        }

        [Fact]
        public void Contributing_guide_lists_the_steps_the_repository_tests_enforce()
        {
            var guide = RepositoryLayout.ReadText("CONTRIBUTING.md");
            foreach (var step in new[] { "RuleDescriptors", "WellKnownSymbols", "AsyncGuardOptions", "AnalyzerReleases.Unshipped.md", "CSharpVerifier", "No automatic fix:", "<!-- generated: header -->", GeneratedDocs.RegenerateCommand })
            {
                Assert.Contains(step, guide, StringComparison.Ordinal);
            }
        }

        private static DiagnosticDescriptor Descriptor(string id) => AllDescriptors().Single(pair => pair.Descriptor.Id == id).Descriptor;

        private static IEnumerable<(Type Analyzer, DiagnosticDescriptor Descriptor)> AllDescriptors()
            => PackageTypes.Analyzers().SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics.Select(descriptor => (type, descriptor)));
    }
}
