using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using AsyncGuard.Rules;
using Xunit;

namespace AsyncGuard.Tests.Repository
{
    /// <summary>
    /// The analyzer → fix contract: every <see cref="FixProperties"/> key and every fix-kind value an analyzer writes
    /// into a diagnostic is read by a fix. A value nothing reads is either dead data or a shape the fix handles by
    /// accident (in an else branch); both hide mistakes.
    /// </summary>
    public class FixContractTests
    {
        public static IEnumerable<object[]> Contract()
        {
            foreach (var type in typeof(FixProperties).Assembly.GetTypes().Where(IsContractType))
            {
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(field => field.IsLiteral))
                {
                    yield return new object[] { type.Name + "." + field.Name };
                }
            }
        }

        [Theory]
        [MemberData(nameof(Contract))]
        public void What_an_analyzer_writes_a_fix_reads(string member)
        {
            var analyzers = Sources("src", "AsyncGuard.Analyzers").Where(source => !source.Path.EndsWith("FixProperties.cs", StringComparison.Ordinal)).ToList();
            var fixes = Sources("src", "AsyncGuard.CodeFixes").ToList();
            var written = analyzers.Where(source => source.Text.Contains(member, StringComparison.Ordinal)).Select(source => source.Path).ToList();
            var read = fixes.Where(source => source.Text.Contains(member, StringComparison.Ordinal)).Select(source => source.Path).ToList();
            Assert.True(written.Count > 0, member + " is declared but no analyzer writes it: remove it");
            Assert.True(read.Count > 0, member + " is written by " + string.Join(", ", written.Select(Path.GetFileName)) + " but no fix reads it");
        }

        private static bool IsContractType(Type type)
            => type == typeof(FixProperties) || (type.IsAbstract && type.IsSealed && type.Namespace == typeof(FixProperties).Namespace && type.Name.EndsWith("FixKinds", StringComparison.Ordinal));

        private static IEnumerable<(string Path, string Text)> Sources(params string[] folder)
            => Directory.GetFiles(RepositoryLayout.PathOf(folder), "*.cs", SearchOption.AllDirectories)
                .Where(path => !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Select(path => (path, File.ReadAllText(path)));
    }
}
