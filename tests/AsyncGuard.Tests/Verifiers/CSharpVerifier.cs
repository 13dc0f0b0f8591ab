using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncGuard.Tests.Verifiers
{
    /// <summary>
    /// Analyzer and code-fix verification against the .NET 8 reference assemblies. Code-fix verification also
    /// checks Fix All in document, project and solution scope against the same fixed source.
    /// </summary>
    public static class CSharpVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
            => VerifyAnalyzerAsync(source, OutputKind.DynamicallyLinkedLibrary, expected);

        public static async Task VerifyAnalyzerAsync(string source, OutputKind outputKind, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.TestState.OutputKind = outputKind;
            test.ExpectedDiagnostics.AddRange(expected);
            await test.RunAsync(CancellationToken.None);
        }

        /// <summary>For half-typed code: compiler errors are expected and ignored, an analyzer exception (AD0001) is not.</summary>
        public static async Task VerifyAnalyzerIgnoringCompilerErrorsAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
            test.ExpectedDiagnostics.AddRange(expected);
            await test.RunAsync(CancellationToken.None);
        }

        public static Task VerifyCodeFixAsync(string source, string fixedSource)
            => VerifyCodeFixAsync(source, fixedSource, OutputKind.DynamicallyLinkedLibrary);

        public static async Task VerifyCodeFixAsync(string source, string fixedSource, OutputKind outputKind)
        {
            var test = new Test { TestCode = source, FixedCode = fixedSource };
            test.TestState.OutputKind = outputKind;
            test.FixedState.OutputKind = outputKind;
            await test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
            }
        }
    }
}
