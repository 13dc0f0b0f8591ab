using System.Reflection.Metadata;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AsyncGuard.Benchmarks;

/// <summary>C# sources to analyze, compiled against the running .NET's own assemblies and the ASP.NET Core shared framework.</summary>
internal sealed class Corpus
{
    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Preview)
        .WithPreprocessorSymbols("NET", "NETCOREAPP", "NET8_0_OR_GREATER", "NET7_0_OR_GREATER", "NET6_0_OR_GREATER", "NET5_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER", "NETSTANDARD2_1_OR_GREATER");

    private Corpus(string name, IReadOnlyList<SyntaxTree> trees, string? folder = null)
    {
        Name = name;
        Trees = trees;
        Folder = folder;
        Lines = trees.Sum(tree => tree.GetText().Lines.Count);
    }

    public string Name { get; }

    /// <summary>The folder the sources were read from; null for a generated corpus.</summary>
    public string? Folder { get; }

    public IReadOnlyList<SyntaxTree> Trees { get; }

    public int Lines { get; }

    /// <summary>Every .cs file below a folder, without build output.</summary>
    public static Corpus Load(string folder)
    {
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(separator + "obj" + separator) && !path.Contains(separator + "bin" + separator))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
        var trees = files.Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), ParseOptions, path)).ToList();
        var fullPath = Path.GetFullPath(folder).TrimEnd(separator);
        var name = Path.GetFileName(fullPath);

        // "npgsql/src" says more than "src".
        var parent = Path.GetFileName(Path.GetDirectoryName(fullPath));
        return new Corpus(name == "src" && !string.IsNullOrEmpty(parent) ? parent + "/" + name : name, trees, fullPath);
    }

    /// <summary>Every <paramref name="every"/>-th file (in path order): a sample of the corpus spread over all of its folders.</summary>
    public Corpus Sample(int every)
        => every == 1 ? this : new Corpus($"{Name}, {100 / every}% of its files", Trees.Where((_, index) => index % every == 0).ToList(), Folder);

    /// <summary>The file with the most lines: what the IDE analyzes on each keystroke there.</summary>
    public SyntaxTree LargestTree()
        => Trees.OrderByDescending(tree => tree.GetText().Lines.Count).ThenBy(tree => tree.FilePath, StringComparer.Ordinal).First();

    /// <summary>A file's path relative to the corpus folder, with '/' separators.</summary>
    public string RelativePath(string path)
        => (Folder == null ? path : Path.GetRelativePath(Folder, path)).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// A generated service layer with async code, blocking calls, sync IO and their correct forms, so the benchmark
    /// runs where no real corpus has been fetched. Deterministic for a given size.
    /// </summary>
    public static Corpus Synthetic(int classes)
    {
        var trees = new List<SyntaxTree>();
        for (var i = 0; i < classes; i++)
        {
            var text = new StringBuilder();
            text.AppendLine("using System; using System.IO; using System.Linq; using System.Net.Http; using System.Threading; using System.Threading.Tasks;");
            text.AppendLine($"namespace Synthetic.Services{i % 10};");
            text.AppendLine($"public sealed class Service{i}");
            text.AppendLine("{");
            text.AppendLine("    private readonly HttpClient _http = new HttpClient();");
            text.AppendLine("    private readonly SemaphoreSlim _gate = new SemaphoreSlim(4);");
            for (var m = 0; m < 8; m++)
            {
                text.AppendLine($"    public async Task<int> Fetch{m}Async(string path, CancellationToken ct)");
                text.AppendLine("    {");
                text.AppendLine("        var body = await _http.GetStringAsync(path, ct);");
                text.AppendLine(m % 4 == 0 ? "        var cached = File.ReadAllText(path);" : "        var cached = await File.ReadAllTextAsync(path, ct);");
                text.AppendLine(m % 3 == 0 ? "        var extra = _http.GetStringAsync(path).Result;" : "        var extra = await _http.GetStringAsync(path, ct);");
                text.AppendLine(m % 5 == 0 ? "        Thread.Sleep(1);" : "        await Task.Delay(1, ct);");
                text.AppendLine("        var parts = body.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0).ToList();");
                text.AppendLine("        await _gate.WaitAsync(ct);");
                text.AppendLine("        try { return parts.Count + cached.Length + extra.Length; }");
                text.AppendLine("        finally { _gate.Release(); }");
                text.AppendLine("    }");
                text.AppendLine($"    public int Count{m}(string text) => text.Split(' ').Length + Math.Max({m}, text.Length);");
            }

            text.AppendLine("}");
            trees.Add(CSharpSyntaxTree.ParseText(text.ToString(), ParseOptions, $"Service{i}.cs"));
        }

        return new Corpus($"synthetic ({classes} classes)", trees);
    }

    /// <summary>
    /// The corpus as one compilation. It binds on one thread (as the analyzers are run), so that binding time and
    /// analyzer time are both the work done, not shares of a machine that other processes also use.
    /// </summary>
    public CSharpCompilation Compile(IEnumerable<string> diagnosticIds)
    {
        var references = FrameworkAssemblies().Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true, concurrentBuild: false)
            .WithSpecificDiagnosticOptions(diagnosticIds.Distinct().ToDictionary(id => id, _ => ReportDiagnostic.Warn));
        return CSharpCompilation.Create(Name, Trees, references, options);
    }

    /// <summary>
    /// The running .NET's assemblies and, when installed, the ASP.NET Core shared framework of the same version (its
    /// Microsoft.Extensions.* and Microsoft.AspNetCore.* are what many libraries and services reference).
    /// </summary>
    private static IEnumerable<string> FrameworkAssemblies()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var aspNetCore = Path.Combine(runtime, "..", "..", "Microsoft.AspNetCore.App", Path.GetFileName(runtime));
        return new[] { runtime, aspNetCore }
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*.dll"))
            .Where(IsManagedAssembly)
            .OrderBy(path => path, StringComparer.Ordinal);

        static bool IsManagedAssembly(string path)
        {
            using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
            return reader.HasMetadata && reader.GetMetadataReader().IsAssembly;
        }
    }
}
