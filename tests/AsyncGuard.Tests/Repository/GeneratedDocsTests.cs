using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace AsyncGuard.Tests.Repository
{
    /// <summary>
    /// The generated parts of the documentation match the code. With ASYNCGUARD_UPDATE_DOCS=1 the test rewrites them
    /// instead (the command is <see cref="GeneratedDocs.RegenerateCommand"/>).
    /// </summary>
    public class GeneratedDocsTests
    {
        [Fact]
        public void Generated_documentation_matches_the_descriptors_and_option_definitions()
        {
            var update = Environment.GetEnvironmentVariable("ASYNCGUARD_UPDATE_DOCS") == "1";
            var drift = new List<string>();
            foreach (var group in GeneratedDocs.Regions().GroupBy(region => region.File))
            {
                var path = RepositoryLayout.PathOf(group.Key.Split(Path.DirectorySeparatorChar));
                var text = File.ReadAllText(path).Replace("\r\n", "\n");
                var updated = text;
                foreach (var (_, region, content) in group)
                {
                    var current = GeneratedDocs.Extract(text, region);
                    if (current == null)
                    {
                        drift.Add($"{group.Key}: no '<!-- generated: {region} -->' .. '<!-- end generated -->' markers");
                    }
                    else if (current != content)
                    {
                        drift.Add($"{group.Key}: region '{region}' differs from the code");
                        updated = GeneratedDocs.Replace(updated, region, content);
                    }
                }

                if (update && updated != text)
                {
                    File.WriteAllText(path, updated);
                }
            }

            if (!update)
            {
                Assert.True(drift.Count == 0, "Documentation drifted from the code; regenerate it with:\n  " + GeneratedDocs.RegenerateCommand + "\n" + string.Join("\n", drift));
            }
        }

        [Fact]
        public void Every_option_has_a_documented_key_default_and_meaning()
        {
            foreach (var option in AsyncGuard.Options.AsyncGuardOptions.All)
            {
                Assert.StartsWith("asyncguard." + option.RuleId + ".", option.Key, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(option.Description), option.Key);
                Assert.False(string.IsNullOrWhiteSpace(option.DefaultText), option.Key);
                Assert.Null(option.Problem(option.DefaultText == "(empty)" ? string.Empty : option.DefaultText));
            }

            Assert.Equal(AsyncGuard.Options.AsyncGuardOptions.All.Length, AsyncGuard.Options.AsyncGuardOptions.All.Select(option => option.Key).Distinct().Count());
        }
    }
}
