using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Rules;
using AsyncGuard.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Verify = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.ConfigurationAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;
using VerifyCounterpart = AsyncGuard.Tests.Verifiers.CSharpVerifier<AsyncGuard.Rules.AsyncCounterpartAnalyzer, AsyncGuard.CodeFixes.AsyncCounterpartCodeFix>;

namespace AsyncGuard.Tests.Rules
{
    public class ConfigurationTests
    {
        private const string Source = """
            using System.IO;
            using System.Threading.Tasks;
            class C
            {
                async Task M(string p)
                {
                    await Task.Yield();
                    File.ReadAllText(p);
                }
            }
            """;

        private const string BadFile = "# header\n\nthis is not an entry\nSystem.IO.File.ReadAllText => \n!\nSystem.IO.File.ReadAllBytes => System.IO.NoSuchType.ReadAsync\n!System.IO.File.ReadAllText\n";

        [Fact]
        public async Task Malformed_entries_are_reported_once_each_with_their_line()
        {
            var test = new Verify.Test { TestCode = Source };
            test.TestState.AdditionalFiles.Add(("/AsyncGuard.BlockingApis.txt", BadFile));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0002.excluded_apis = System.IO.File.Exists, not a name!\n"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006").WithSpan("/AsyncGuard.BlockingApis.txt", 3, 1, 3, 21)
                .WithArguments("'this is not an entry' in AsyncGuard.BlockingApis.txt: an entry is 'Namespace.Type.Method => Namespace.Type.MethodAsync' or '!Namespace.Type.Method'"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006").WithSpan("/AsyncGuard.BlockingApis.txt", 4, 1, 4, 31)
                .WithArguments("'System.IO.File.ReadAllText =>' in AsyncGuard.BlockingApis.txt: an entry is 'Namespace.Type.Method => Namespace.Type.MethodAsync' or '!Namespace.Type.Method'"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006").WithSpan("/AsyncGuard.BlockingApis.txt", 5, 1, 5, 2)
                .WithArguments("'!' in AsyncGuard.BlockingApis.txt: an exclusion is '!Namespace.Type.Method' or '!Namespace.Type'"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'System.IO.File.ReadAllBytes => System.IO.NoSuchType.ReadAsync' in AsyncGuard.BlockingApis.txt: no method 'System.IO.NoSuchType.ReadAsync' is found in this compilation"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'not a name!' in asyncguard.AG0002.excluded_apis: expected 'Namespace.Type[.Method]'; the entry is ignored"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Bad_rule_options_are_reported_once_with_the_default_used()
        {
            var test = new Verify.Test { TestCode = Source };
            test.TestState.Sources.Add(("/Other.cs", "class D { }"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0003.max_concurrency = 0\nasyncguard.AG0003.bounded_item_count = many\nasyncguard.AG0004.scope = all\nasyncguard.AG0004.external_io_types = System.Net.Http.HttpClient, Vendor.Missing\n"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'many' for asyncguard.AG0003.bounded_item_count: expected a whole number of at least 0; the default 32 is used"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'0' for asyncguard.AG0003.max_concurrency: expected a whole number from 1 to 10000; the default 8 is used"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'all' for asyncguard.AG0004.scope: expected fan_out, loops, everywhere; the default fan_out is used"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'Vendor.Missing' in asyncguard.AG0004.external_io_types: names no type in this compilation (write Namespace.Type, nested types as Outer+Inner); the entry is ignored"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Valid_or_absent_configuration_reports_nothing()
            => Verify.VerifyAnalyzerAsync(Source);

        [Fact]
        public async Task Rules_keep_working_with_the_valid_part_of_a_bad_configuration()
        {
            // The valid exclusion on the last line still applies; the bad lines are skipped, not fatal.
            var test = new VerifyCounterpart.Test { TestCode = Source.Replace("File.ReadAllText(p);", "File.ReadAllText(p);\n        {|AG0002:File.ReadAllBytes(p)|};") };
            test.TestState.AdditionalFiles.Add(("/AsyncGuard.BlockingApis.txt", BadFile));
            test.FixedCode = Source.Replace("File.ReadAllText(p);", "File.ReadAllText(p);\n        await File.ReadAllBytesAsync(p);");
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task An_unknown_key_is_reported_with_the_nearest_valid_one()
        {
            var test = new Verify.Test { TestCode = Source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0003.bounded_items = 4\nasyncguard.AG0003.max_concurrency = 4\n"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'asyncguard.ag0003.bounded_items' is not an AsyncGuard option; did you mean 'asyncguard.AG0003.bounded_item_count'? The entry is ignored"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Option_values_are_read_without_regard_to_case()
        {
            var test = new Verify.Test { TestCode = Source };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0004.scope = Everywhere\n"));
            await test.RunAsync(CancellationToken.None);
            Assert.True(AsyncGuard.Options.AsyncGuardOptions.GuardScope.TryParse(" LOOPS ", out var scope));
            Assert.Equal("loops", scope);
            Assert.False(AsyncGuard.Options.AsyncGuardOptions.GuardScope.TryParse("all", out _));
        }

        [Fact]
        public async Task Configured_apis_that_name_nothing_or_do_not_match_are_reported()
        {
            var test = new Verify.Test { TestCode = Source };
            test.TestState.AdditionalFiles.Add(("/AsyncGuard.BlockingApis.txt",
                "System.IO.File.NoSuchMethod => System.IO.File.ReadAllTextAsync\n"
                + "System.IO.File.ReadAllText => System.IO.File.WriteAllTextAsync\n"
                + "System.IO.File.ReadAllBytes => System.IO.File.ReadAllBytesAsync\n"
                + "!Vendor.Nothing.Method\n"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0002.excluded_apis = System.IO.File.Exists, System.IO.File.NoSuchMethod, Vendor.Nothing\n"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'System.IO.File.NoSuchMethod => System.IO.File.ReadAllTextAsync' in AsyncGuard.BlockingApis.txt: no method 'System.IO.File.NoSuchMethod' is found in this compilation"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'System.IO.File.ReadAllText => System.IO.File.WriteAllTextAsync' in AsyncGuard.BlockingApis.txt: the replacement does not match any overload (it must be awaitable with the same result and take the same parameters, optionally plus a CancellationToken)"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006").WithSpan("/AsyncGuard.BlockingApis.txt", 4, 1, 4, 23)
                .WithArguments("'!Vendor.Nothing.Method' in AsyncGuard.BlockingApis.txt: names no type or method in this compilation"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'System.IO.File.NoSuchMethod' in asyncguard.AG0002.excluded_apis: names no type or method in this compilation (write Namespace.Type, nested types as Outer+Inner); the entry is ignored"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'Vendor.Nothing' in asyncguard.AG0002.excluded_apis: names no type or method in this compilation (write Namespace.Type, nested types as Outer+Inner); the entry is ignored"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Options_a_host_cannot_list_are_still_checked_without_an_analyzer_exception()
        {
            // Listing the keys is optional for a host (AnalyzerConfigOptions.Keys throws NotImplementedException unless
            // overridden): such options have no unknown keys to report, and their values are still checked.
            var compilation = CSharpCompilation.Create(
                "C",
                new[] { CSharpSyntaxTree.ParseText(Source, path: "/C.cs") },
                new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var entries = new Dictionary<string, string> { ["asyncguard.AG0003.max_concurrency"] = "0", ["asyncguard.AG0003.bounded_items"] = "4" };
            var exceptions = new List<string>();

            var diagnostics = await CaughtAnalysis.WithAnalyzers(
                    compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new ConfigurationAnalyzer()), exceptions, options: new FixedOptionsProvider(entries, listsKeys: false))
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None);

            Assert.Empty(exceptions);
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("AG0006", diagnostic.Id);
            Assert.Equal("AsyncGuard ignored a configuration entry: '0' for asyncguard.AG0003.max_concurrency: expected a whole number from 1 to 10000; the default 8 is used", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task A_garbage_file_gives_a_capped_number_of_reports_and_a_count_of_the_rest()
        {
            var lines = new System.Text.StringBuilder();
            for (var i = 1; i <= 30; i++)
            {
                lines.Append("garbage line ").Append(i).Append('\n');
            }

            var test = new Verify.Test { TestCode = Source };
            test.TestState.AdditionalFiles.Add(("/AsyncGuard.BlockingApis.txt", lines.ToString()));
            for (var i = 1; i <= 20; i++)
            {
                var entry = "garbage line " + i;
                test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006").WithSpan("/AsyncGuard.BlockingApis.txt", i, 1, i, entry.Length + 1)
                    .WithArguments($"'{entry}' in AsyncGuard.BlockingApis.txt: an entry is 'Namespace.Type.Method => Namespace.Type.MethodAsync' or '!Namespace.Type.Method'"));
            }

            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006").WithSpan("/AsyncGuard.BlockingApis.txt", 30, 1, 30, 16)
                .WithArguments("and 10 more problems in AsyncGuard.BlockingApis.txt, not listed one by one"));
            await test.RunAsync(CancellationToken.None);
        }
    }
}
