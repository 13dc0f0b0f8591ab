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
    public sealed class PackageEndToEndTests : IDisposable
    {
        private const string PackageVersion = "0.0.1-e2e";

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

        private readonly string _work = Path.Combine(Path.GetTempPath(), "asyncguard-e2e-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        [Fact]
        public void Packed_package_reports_fails_warnaserror_and_fixes_with_dotnet_format()
        {
            var feed = Path.Combine(_work, "feed");
            var consumer = Path.Combine(_work, "consumer");
            Directory.CreateDirectory(consumer);

            // 1. Pack, with a version of its own so nothing cached can stand in for this build.
            var pack = DotnetCli.Run(RepositoryLayout.Root, null,
                "pack", RepositoryLayout.PathOf("nuget", "AsyncGuard.Package.csproj"), "-c", "Debug", "-o", feed, "-p:PackageVersion=" + PackageVersion);
            Assert.True(pack.ExitCode == 0, pack.Output);

            var nupkg = Path.Combine(feed, "AsyncGuard." + PackageVersion + ".nupkg");
            using (var archive = ZipFile.OpenRead(nupkg))
            {
                var entries = archive.Entries.Select(entry => entry.FullName).ToList();
                Assert.Contains("analyzers/dotnet/cs/AsyncGuard.Analyzers.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/AsyncGuard.CodeFixes.dll", entries);
                Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal));
                var nuspec = new StreamReader(archive.GetEntry("AsyncGuard.nuspec")!.Open()).ReadToEnd();
                Assert.Contains("<developmentDependency>true</developmentDependency>", nuspec);
            }

            // 2. A fresh consumer that installs it from the local feed only, into a package cache of its own.
            File.WriteAllText(Path.Combine(consumer, "NuGet.Config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="AsyncGuard" Version="{PackageVersion}" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            var servicePath = Path.Combine(consumer, "Service.cs");
            File.WriteAllText(servicePath, ConsumerCode);
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") };

            // 3. The warning, at the right file, line and column.
            var build = DotnetCli.Run(consumer, environment, "build", "--no-incremental");
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Matches(new Regex(@"Service\.cs\(8,16\): warning AG0001:"), build.Output);

            // 4. -warnaserror turns it into a failing build.
            var strict = DotnetCli.Run(consumer, environment, "build", "--no-incremental", "-warnaserror");
            Assert.NotEqual(0, strict.ExitCode);
            Assert.Matches(new Regex(@"Service\.cs\(8,16\): error AG0001:"), strict.Output);

            // 5. dotnet format applies the code fix from the package; the build is then clean of AG0001.
            var format = DotnetCli.Run(consumer, environment, "format", "analyzers", "--diagnostics", "AG0001", "--severity", "warn");
            Assert.True(format.ExitCode == 0, format.Output);
            Assert.Contains("return (await body).Length;", File.ReadAllText(servicePath), StringComparison.Ordinal);

            var clean = DotnetCli.Run(consumer, environment, "build", "--no-incremental", "-warnaserror");
            Assert.True(clean.ExitCode == 0, clean.Output);
            Assert.DoesNotContain("AG0001", clean.Output, StringComparison.Ordinal);
        }
    }
}
