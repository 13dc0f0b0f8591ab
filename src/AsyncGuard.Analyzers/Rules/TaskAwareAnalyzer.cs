using System;
using System.Threading;
using AsyncGuard.Concepts;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Rules
{
    /// <summary>
    /// The registration every AsyncGuard rule shares: concurrent execution, no generated code, and the task types
    /// resolved once per compilation, by the first callback that needs them. A compilation without
    /// <c>System.Threading.Tasks.Task</c> has nothing to analyze: the rules' callbacks return at once.
    /// </summary>
    /// <remarks>
    /// Not at compilation start: an analysis request of one file (the IDE's, or <c>CompilationWithAnalyzers</c> by tree)
    /// runs the rules on a compilation object of its own, and a request for a file's syntax diagnostics starts them too,
    /// though no operation or symbol callback of theirs follows. Worked out at start, the types and each rule's state were
    /// worked out for every such request, half of them for nothing.
    /// </remarks>
    public abstract class TaskAwareAnalyzer : DiagnosticAnalyzer
    {
        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start => OnCompilationStart(start, new OnFirstUse<WellKnownSymbols>(() => WellKnownSymbols.For(start.Compilation))));
        }

        /// <summary>
        /// Registers the rule's actions. What the rule works out once per compilation is made on first use too
        /// (<see cref="OnFirstUse{T}.Then"/>), and the actions get it through <see cref="OnFirstUse{T}.Operation"/> or
        /// <see cref="OnFirstUse{T}.Symbol"/>.
        /// </summary>
        private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, OnFirstUse<WellKnownSymbols> types);
    }

    /// <summary>Per-compilation state made by the first callback that asks for it; null when there is nothing to analyze.</summary>
    internal sealed class OnFirstUse<T>
        where T : class
    {
        private Func<T?>? _make;
        private T? _value;
        private bool _made;
        private object? _lock;

        public OnFirstUse(Func<T?> make) => _make = make;

        /// <summary>The state: made once, by whichever callback asks first (the others wait for it).</summary>
        public T? Value => Volatile.Read(ref _made) ? _value : LazyInitializer.EnsureInitialized(ref _value, ref _made, ref _lock, Make);

        /// <summary>State made from this one on its first use (none where this one is none).</summary>
        public OnFirstUse<TNext> Then<TNext>(Func<T, TNext> make)
            where TNext : class
            => new OnFirstUse<TNext>(() => Value is { } value ? make(value) : null);

        /// <summary>An operation action that runs <paramref name="analyze"/> with the state, where there is one.</summary>
        public Action<OperationAnalysisContext> Operation(Action<OperationAnalysisContext, T> analyze)
            => context =>
            {
                if (Value is { } state)
                {
                    analyze(context, state);
                }
            };

        /// <summary>A symbol action that runs <paramref name="analyze"/> with the state, where there is one.</summary>
        public Action<SymbolAnalysisContext> Symbol(Action<SymbolAnalysisContext, T> analyze)
            => context =>
            {
                if (Value is { } state)
                {
                    analyze(context, state);
                }
            };

        private T? Make()
        {
            try
            {
                var made = _make!();
                _make = null;
                return made;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // As a failure at compilation start was: reported once (the callback that asked throws), then nothing to
                // analyze in this compilation. Where making it is cancelled instead (the callback's analysis is), the
                // next callback makes it again.
                _make = static () => null;
                throw;
            }
        }
    }
}
