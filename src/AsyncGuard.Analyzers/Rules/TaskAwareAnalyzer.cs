using Microsoft.CodeAnalysis.Diagnostics;
using AsyncGuard.Concepts;

namespace AsyncGuard.Rules
{
    /// <summary>
    /// The registration every AsyncGuard rule shares: concurrent execution, no generated code, and the task types
    /// resolved once per compilation. A compilation without <c>System.Threading.Tasks.Task</c> has nothing to analyze.
    /// </summary>
    public abstract class TaskAwareAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = WellKnownSymbols.For(start.Compilation);
                if (types != null)
                {
                    OnCompilationStart(start, types);
                }
            });
        }

        /// <summary>Resolves what the rule needs once, then registers its actions.</summary>
        private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, WellKnownSymbols types);
    }
}
