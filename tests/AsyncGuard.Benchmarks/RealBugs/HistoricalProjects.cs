using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AsyncGuard.Benchmarks.RealBugs;

/// <summary>
/// Compiles a project as it was at one commit: the .cs files of the folder of its .csproj (without nested projects and
/// build output), referencing the projects it references (compiled the same way, as compilation references) and the
/// .NET runtime's and ASP.NET Core's own assemblies. NuGet packages are not restored: what they declare does not bind,
/// which every analyzer compared sees alike.
/// </summary>
internal sealed partial class HistoricalProjects(GitSnapshot git, string commit)
{
    private const int MaxProjectDepth = 6;

    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview)
        .WithPreprocessorSymbols("NET", "NETCOREAPP", "NET8_0_OR_GREATER", "NET7_0_OR_GREATER", "NET6_0_OR_GREATER", "NET5_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER", "NETSTANDARD2_1_OR_GREATER", "NETSTANDARD2_0_OR_GREATER");

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    /// <summary>The global usings the SDK generates when ImplicitUsings is on (Microsoft.NET.Sdk, then .Web's extras).</summary>
    private static readonly string[] ImplicitUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] WebImplicitUsings = ["System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    private readonly Dictionary<string, CSharpCompilation> _compilations = new(StringComparer.Ordinal);

    public string Commit => commit;

    /// <summary>The project file whose folder holds <paramref name="path"/>, the nearest one up; null for none.</summary>
    public string? ProjectOf(string path)
    {
        var files = git.Files(commit);
        for (var folder = ParentOf(path); ; folder = ParentOf(folder))
        {
            var prefix = folder.Length == 0 ? "" : folder + "/";
            var project = files.FirstOrDefault(file => file.StartsWith(prefix, StringComparison.Ordinal)
                && file.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                && file.IndexOf('/', prefix.Length) < 0);
            if (project != null)
            {
                return project;
            }

            if (folder.Length == 0)
            {
                return null;
            }
        }
    }

    /// <summary>The compilation of the project holding <paramref name="path"/> (or of its folder alone when no project file is found).</summary>
    public CSharpCompilation CompilationFor(string path, IEnumerable<string> diagnosticIds)
    {
        var project = ProjectOf(path) ?? ParentOf(path) + "/_folder.csproj";
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true)
            .WithSpecificDiagnosticOptions(diagnosticIds.ToDictionary(id => id, _ => ReportDiagnostic.Warn));
        return Compile(project, options, depth: 0, visiting: []);
    }

    private CSharpCompilation Compile(string project, CSharpCompilationOptions options, int depth, HashSet<string> visiting)
    {
        if (_compilations.TryGetValue(project, out var done))
        {
            return done;
        }

        visiting.Add(project);
        var projectText = git.Show(commit, project) ?? "";
        var folder = ParentOf(project);
        var trees = SourcesOf(folder)
            .Select(file => CSharpSyntaxTree.ParseText(git.Show(commit, file) ?? "", ParseOptions, file))
            .ToList();
        if (UsesImplicitUsings(project, projectText))
        {
            var usings = projectText.Contains("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase) ? ImplicitUsings.Concat(WebImplicitUsings) : ImplicitUsings;
            trees.Add(CSharpSyntaxTree.ParseText(string.Concat(usings.Select(name => $"global using global::{name};\n")), ParseOptions, folder + "/obj/GlobalUsings.g.cs"));
        }

        var references = new List<MetadataReference>(FrameworkReferences.Value);
        if (depth < MaxProjectDepth)
        {
            foreach (var referenced in ProjectReferences(folder, projectText))
            {
                if (!visiting.Contains(referenced) && git.Show(commit, referenced) != null)
                {
                    references.Add(Compile(referenced, options, depth + 1, visiting).ToMetadataReference());
                }
            }
        }

        var assemblyName = AssemblyName().Match(projectText) is { Success: true } match && !match.Groups[1].Value.Contains('$')
            ? match.Groups[1].Value
            : Path.GetFileNameWithoutExtension(project);
        var compilation = CSharpCompilation.Create(assemblyName, trees, references, options);
        visiting.Remove(project);
        _compilations[project] = compilation;
        return compilation;
    }

    /// <summary>The .cs files below a project folder, leaving out build output and folders of nested projects.</summary>
    private IEnumerable<string> SourcesOf(string folder)
    {
        var files = git.Files(commit);
        var prefix = folder.Length == 0 ? "" : folder + "/";
        var nestedProjectFolders = files
            .Where(file => file.StartsWith(prefix, StringComparison.Ordinal) && file.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            .Select(ParentOf)
            .Where(projectFolder => projectFolder != folder)
            .Select(projectFolder => projectFolder + "/")
            .ToList();
        return files.Where(file => file.StartsWith(prefix, StringComparison.Ordinal)
            && file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
            && !file.Contains("/obj/", StringComparison.Ordinal)
            && !file.Contains("/bin/", StringComparison.Ordinal)
            && !nestedProjectFolders.Any(nested => file.StartsWith(nested, StringComparison.Ordinal)));
    }

    private IEnumerable<string> ProjectReferences(string folder, string projectText)
    {
        foreach (Match match in ProjectReference().Matches(projectText))
        {
            var relative = match.Groups[1].Value.Replace('\\', '/');
            if (relative.Contains('$'))
            {
                continue;
            }

            yield return Normalize(folder.Length == 0 ? relative : folder + "/" + relative);
        }
    }

    /// <summary>ImplicitUsings in the project file or in a Directory.Build.props of a folder above it.</summary>
    private bool UsesImplicitUsings(string project, string projectText)
    {
        if (ImplicitUsingsOn().IsMatch(projectText))
        {
            return true;
        }

        for (var folder = ParentOf(project); ; folder = ParentOf(folder))
        {
            var props = git.Show(commit, folder.Length == 0 ? "Directory.Build.props" : folder + "/Directory.Build.props");
            if (props != null && ImplicitUsingsOn().IsMatch(props))
            {
                return true;
            }

            if (folder.Length == 0)
            {
                return false;
            }
        }
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    /// <summary>
    /// The assemblies of this process's .NET (System.*, Microsoft.*, netstandard, mscorlib) and of the ASP.NET Core
    /// shared framework next to it when installed (Microsoft.Extensions.*, Microsoft.AspNetCore.*).
    /// </summary>
    private static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        var runtime = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name
                && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll")
                && !name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            .Where(path => Path.GetDirectoryName(path) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .ToList();
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var sharedFolder = Path.GetDirectoryName(Path.GetDirectoryName(runtimeFolder))!;
        var major = Path.GetFileName(runtimeFolder).Split('.')[0] + ".";
        var aspNetFolder = Directory.Exists(Path.Combine(sharedFolder, "Microsoft.AspNetCore.App"))
            ? Directory.GetDirectories(Path.Combine(sharedFolder, "Microsoft.AspNetCore.App"), major + "*").Order(StringComparer.Ordinal).LastOrDefault() ?? ""
            : "";
        var names = runtime.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var aspNet = Directory.Exists(aspNetFolder)
            ? Directory.GetFiles(aspNetFolder, "*.dll").Where(path => !names.Contains(Path.GetFileName(path)))
            : [];
        return runtime.Concat(aspNet).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
    }

    [GeneratedRegex("""<ProjectReference\s+Include\s*=\s*"([^"]+\.csproj)"(?:\s|/|>)""", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectReference();

    [GeneratedRegex("""<AssemblyName>\s*([^<\s]+)\s*</AssemblyName>""", RegexOptions.IgnoreCase)]
    private static partial Regex AssemblyName();

    [GeneratedRegex("""<ImplicitUsings>\s*(enable|true)\s*</ImplicitUsings>""", RegexOptions.IgnoreCase)]
    private static partial Regex ImplicitUsingsOn();
}
