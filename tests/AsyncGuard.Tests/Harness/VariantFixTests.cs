using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AsyncGuard.Tests.Repository;
using Xunit;

namespace AsyncGuard.Tests.Harness
{
    /// <summary>
    /// The harness measures the real fixes: each fast variant is exactly what every AsyncGuard fix makes of the slow
    /// one, and AsyncGuard reports nothing on the fast variants. When the fixes change, rewrite Variants/Fast with
    /// <c>ASYNCGUARD_REGENERATE_FAST=1 dotnet test tests/AsyncGuard.Tests --filter FullyQualifiedName~VariantFixTests</c>.
    /// </summary>
    public class VariantFixTests
    {
        public static TheoryData<string> SlowVariants()
        {
            var data = new TheoryData<string>();
            foreach (var name in VariantFixer.SlowFiles())
            {
                data.Add(name);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(SlowVariants))]
        public async Task Fast_variant_is_what_every_fix_makes_of_the_slow_one(string file)
        {
            var expected = await VariantFixer.FastTextAsync(file);
            var fastPath = RepositoryLayout.PathOf(VariantFixer.FastFolder.Append(file).ToArray());
            if (Environment.GetEnvironmentVariable(VariantFixer.RegenerateVariable) == "1")
            {
                await File.WriteAllTextAsync(fastPath, expected);
            }

            Assert.Equal(expected, (await File.ReadAllTextAsync(fastPath)).ReplaceLineEndings("\n"));
        }

        [Fact]
        public async Task Every_slow_variant_is_flagged()
        {
            foreach (var file in VariantFixer.SlowFiles())
            {
                var text = await File.ReadAllTextAsync(RepositoryLayout.PathOf(VariantFixer.SlowFolder.Append(file).ToArray()));
                var diagnostics = await VariantFixer.DiagnosticsAsync(new[] { (file, text) });
                Assert.True(diagnostics.Any(d => d.Id.StartsWith("AG", StringComparison.Ordinal)), file + " is not flagged by AsyncGuard");
            }
        }

        [Fact]
        public async Task AsyncGuard_reports_nothing_on_the_fast_variants()
        {
            var files = Directory.GetFiles(RepositoryLayout.PathOf(VariantFixer.FastFolder), "*.cs")
                .Select(path => (Path.GetFileName(path), File.ReadAllText(path)))
                .ToList();
            Assert.NotEmpty(files);

            var diagnostics = await VariantFixer.DiagnosticsAsync(files);
            var reported = diagnostics.Where(d => d.Id.StartsWith("AG", StringComparison.Ordinal)).ToList();
            Assert.True(reported.Count == 0, "AsyncGuard reports on Variants/Fast:\n" + string.Join("\n", reported));
            var compiler = await VariantFixer.CompilerDiagnosticsAsync(files);
            Assert.True(compiler.Length == 0, "Variants/Fast does not compile cleanly:\n" + string.Join("\n", compiler));
        }
    }
}
