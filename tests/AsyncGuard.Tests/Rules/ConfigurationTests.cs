using System.Threading;
using System.Threading.Tasks;
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
                .WithArguments("'not a name!' in asyncguard.AG0002.excluded_apis: expected 'Namespace.Type.Method' or 'Namespace.Type'"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task Bad_rule_options_are_reported_once_with_the_default_used()
        {
            var test = new Verify.Test { TestCode = Source };
            test.TestState.Sources.Add(("/Other.cs", "class D { }"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nasyncguard.AG0003.max_concurrency = 0\nasyncguard.AG0003.bounded_item_count = many\nasyncguard.AG0004.scope = all\nasyncguard.AG0004.external_io_types = System.Net.Http.HttpClient, Vendor.Missing\n"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'many' for asyncguard.AG0003.bounded_item_count: expected a whole number from 0 to 2147483647; the default 8 is used"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'0' for asyncguard.AG0003.max_concurrency: expected a whole number from 1 to 10000; the default 8 is used"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'all' for asyncguard.AG0004.scope: expected fan_out, loops or everywhere; the default fan_out is used"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("AG0006")
                .WithArguments("'Vendor.Missing' in asyncguard.AG0004.external_io_types: no such type in this compilation (use Namespace.Type, nested types as Outer+Inner)"));
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
    }
}
