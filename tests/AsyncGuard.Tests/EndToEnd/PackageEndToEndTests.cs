using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using AsyncGuard.Tests.Repository;
using Xunit;

namespace AsyncGuard.Tests.EndToEnd
{
    /// <summary>
    /// Packs AsyncGuard, installs it into a fresh project from a local feed, and checks what a user sees: the
    /// warning with file and line, a failing build under -warnaserror, and `dotnet format analyzers` applying the fix.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed partial class PackageEndToEndTests : IClassFixture<PackedPackage>
    {
        private readonly PackedPackage _package;

        public PackageEndToEndTests(PackedPackage package)
        {
            _package = package;
        }

        private const string ConsumerCode = """
            using System.Threading.Tasks;

            public static class Service
            {
                public static async Task<int> LengthAsync(Task<string> body)
                {
                    await Task.Yield();
                    return body.Result.Length;
                }
            }

            """;

        [Fact]
        public void Packed_package_reports_fails_warnaserror_and_fixes_with_dotnet_format()
        {
            Assert.True(_package.PackOutput.ExitCode == 0, _package.PackOutput.Output);
            var feed = _package.Feed;
            var consumer = Path.Combine(_package.Work, "consumer");
            Directory.CreateDirectory(consumer);

            using (var archive = ZipFile.OpenRead(_package.NupkgPath))
            {
                var entries = archive.Entries.Select(entry => entry.FullName).ToList();
                Assert.Contains("analyzers/dotnet/cs/AsyncGuard.Analyzers.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/AsyncGuard.CodeFixes.dll", entries);
                Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal));
                var nuspec = new StreamReader(archive.GetEntry("AsyncGuard.nuspec")!.Open()).ReadToEnd();
                Assert.Contains("<developmentDependency>true</developmentDependency>", nuspec);
            }

            // 2. A fresh consumer that installs it from the local feed only, into a package cache of its own.
            _package.WriteFeedConfig(consumer);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AsyncGuard" Version="{PackedPackage.Version}" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            var servicePath = Path.Combine(consumer, "Service.cs");
            File.WriteAllText(servicePath, ConsumerCode);
            var environment = _package.Environment;

            // 3. The warning, at the right file, line and column.
            var build = DotnetCli.Run(consumer, environment, "build", "--no-incremental");
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Matches(new Regex(@"Service\.cs\(8,16\): warning AG0001:"), build.Output);

            // 4. -warnaserror turns it into a failing build.
            var strict = DotnetCli.Run(consumer, environment, "build", "--no-incremental", "-warnaserror");
            Assert.NotEqual(0, strict.ExitCode);
            Assert.Matches(new Regex(@"Service\.cs\(8,16\): error AG0001:"), strict.Output);

            // 5. AsyncGuardEnabled=false (the package's buildTransitive switch) turns every rule off.
            var disabled = DotnetCli.Run(consumer, environment, "build", "--no-incremental", "-warnaserror", "-p:AsyncGuardEnabled=false");
            Assert.True(disabled.ExitCode == 0, disabled.Output);
            Assert.DoesNotContain("AG0001", disabled.Output, StringComparison.Ordinal);

            // 6. dotnet format applies the code fix from the package; the build is then clean of AG0001.
            var format = DotnetCli.Run(consumer, environment, "format", "analyzers", "--diagnostics", "AG0001", "--severity", "warn");
            Assert.True(format.ExitCode == 0, format.Output);
            Assert.Contains("return (await body).Length;", File.ReadAllText(servicePath), StringComparison.Ordinal);

            var clean = DotnetCli.Run(consumer, environment, "build", "--no-incremental", "-warnaserror");
            Assert.True(clean.ExitCode == 0, clean.Output);
            Assert.DoesNotContain("AG0001", clean.Output, StringComparison.Ordinal);
        }
    
        [Fact]
        public void Sample_app_built_against_the_package_reports_exactly_its_marked_lines()
        {
            Assert.True(_package.PackOutput.ExitCode == 0, _package.PackOutput.Output);

            // A copy of samples/, so the repository's own sample build is left alone.
            var samples = Path.Combine(_package.Work, "samples");
            CopyTree(RepositoryLayout.PathOf("samples"), samples);
            var project = Path.Combine(samples, "PriceCrawler", "PriceCrawler.csproj");
            var build = DotnetCli.Run(samples, _package.Environment,
                "build", project, "--no-incremental", "-p:AsyncGuardVersion=" + PackedPackage.Version, "-p:RestoreSources=" + _package.Feed);
            Assert.True(build.ExitCode == 0, build.Output);

            var reported = new SortedSet<string>(StringComparer.Ordinal);
            foreach (Match match in Regex.Matches(build.Output, @"(?<file>[^/\\\s]+\.cs)\((?<line>\d+),\d+\): warning (?<id>AG\d{4})"))
            {
                reported.Add($"{match.Groups["file"].Value}:{match.Groups["line"].Value}:{match.Groups["id"].Value}");
            }

            var expected = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(Path.Combine(samples, "PriceCrawler"), "*.cs"))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var marker = Regex.Match(lines[i], @"// expect: (?<ids>AG\d{4}(, AG\d{4})*)\s*$");
                    foreach (var id in marker.Success ? marker.Groups["ids"].Value.Split(", ") : Array.Empty<string>())
                    {
                        expected.Add($"{Path.GetFileName(file)}:{i + 1}:{id}");
                    }
                }
            }

            Assert.NotEmpty(expected);
            Assert.Equal(expected, reported);
        }

        private static void CopyTree(string from, string to)
        {
            foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, directory);
                if (!IsBuildOutput(relative))
                {
                    Directory.CreateDirectory(Path.Combine(to, relative));
                }
            }

            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                if (!IsBuildOutput(relative))
                {
                    File.Copy(file, Path.Combine(to, relative), overwrite: true);
                }
            }
        }

        private static bool IsBuildOutput(string relative)
        {
            var parts = relative.Split(Path.DirectorySeparatorChar);
            return parts.Any(part => part is "bin" or "obj" or ".packages");
        }
    }

    /// <summary>Packs AsyncGuard once for the end-to-end tests, with a version of its own so nothing cached stands in for it.</summary>
    public sealed class PackedPackage : IDisposable
    {
        public const string Version = "0.0.1-e2e";

        public PackedPackage()
        {
            Work = Path.Combine(Path.GetTempPath(), "asyncguard-e2e-" + Guid.NewGuid().ToString("N"));
            Feed = Path.Combine(Work, "feed");
            Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Work, "packages") };
            PackOutput = DotnetCli.Run(RepositoryLayout.Root, null,
                "pack", RepositoryLayout.PathOf("nuget", "AsyncGuard.Package.csproj"), "-c", "Debug", "-o", Feed, "-p:PackageVersion=" + Version);
        }

        public string Work { get; }

        public string Feed { get; }

        /// <summary>A NuGet.Config in <paramref name="folder"/> whose only source is the local feed.</summary>
        public void WriteFeedConfig(string folder)
            => File.WriteAllText(Path.Combine(folder, "NuGet.Config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{Feed}" />
                  </packageSources>
                </configuration>
                """);

        public string NupkgPath => Path.Combine(Feed, "AsyncGuard." + Version + ".nupkg");

        /// <summary>A package cache of the tests' own.</summary>
        public IReadOnlyDictionary<string, string> Environment { get; }

        public (int ExitCode, string Output) PackOutput { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
