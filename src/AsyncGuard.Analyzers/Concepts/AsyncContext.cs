using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Decides whether an operation runs as async code: the body of an async method, async lambda,
    /// async local function, async iterator, or top-level statements that await. A synchronous lambda or
    /// local function nested in an async method is not async code: it runs later, on its caller's terms.
    /// </summary>
    internal static class AsyncContext
    {
        /// <summary>
        /// True when <paramref name="operation"/> is async code. Also false inside <c>nameof</c>, where
        /// nothing runs at all.
        /// </summary>
        public static bool IsInAsyncCode(IOperation operation, ISymbol containingSymbol)
        {
            // Runs for nearly every operation the rules see: the kind is compared, not the operation's interfaces.
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current.Kind)
                {
                    case OperationKind.NameOf:
                        return false;
                    case OperationKind.AnonymousFunction:
                        return ((IAnonymousFunctionOperation)current).Symbol.IsAsync;
                    case OperationKind.LocalFunction:
                        return ((ILocalFunctionOperation)current).Symbol.IsAsync;
                }
            }

            // Methods, accessors and the synthesized entry point of top-level statements
            // (which is async exactly when the statements contain an await).
            return containingSymbol is IMethodSymbol { IsAsync: true };
        }

        /// <summary>
        /// How <paramref name="operation"/> runs: as async code (<see cref="IsInAsyncCode"/>), as async code by
        /// contract (the body of a method or local function that returns <c>Task</c>, <c>ValueTask</c> or
        /// <c>IAsyncEnumerable</c> without <c>async</c>: its caller awaits it and expects it not to block), or neither.
        /// Lambdas are neither unless async: a synchronous lambda runs on someone else's terms.
        /// </summary>
        public static AsyncCodeKind KindOf(IOperation operation, ISymbol containingSymbol, WellKnownSymbols types)
        {
            // Runs for nearly every operation the rules see: the kind is compared, not the operation's interfaces.
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current.Kind)
                {
                    case OperationKind.NameOf:
                        return AsyncCodeKind.None;
                    case OperationKind.AnonymousFunction:
                        return ((IAnonymousFunctionOperation)current).Symbol.IsAsync ? AsyncCodeKind.Async : AsyncCodeKind.None;
                    case OperationKind.LocalFunction:
                        var localFunction = ((ILocalFunctionOperation)current).Symbol;
                        return localFunction.IsAsync ? AsyncCodeKind.Async
                            : types.ReturnsAwaitable(localFunction) ? AsyncCodeKind.ByContract : AsyncCodeKind.None;
                }
            }

            return containingSymbol switch
            {
                IMethodSymbol { IsAsync: true } => AsyncCodeKind.Async,
                IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation } method when types.ReturnsAwaitable(method) => AsyncCodeKind.ByContract,
                _ => AsyncCodeKind.None,
            };
        }

        /// <summary>
        /// Whether an <c>await</c> may be written at <paramref name="node"/> of async code: not in a lock body,
        /// an unsafe context or a catch filter, where the compiler rejects it.
        /// </summary>
        public static bool CanInsertAwait(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax:
                    case UnsafeStatementSyntax:
                    case CatchFilterClauseSyntax:
                        return false;
                    case BaseMethodDeclarationSyntax method:
                        return !method.Modifiers.Any(SyntaxKind.UnsafeKeyword);
                    case LocalFunctionStatementSyntax localFunction:
                        return !localFunction.Modifiers.Any(SyntaxKind.UnsafeKeyword);
                    case AnonymousFunctionExpressionSyntax:
                    case CompilationUnitSyntax:
                        return true;
                }
            }

            return true;
        }

        /// <summary>True for the syntax nodes that start a new function body; analysis of a flow stops there.</summary>
        public static bool IsFunctionBoundary(SyntaxNode node)
            => node is AnonymousFunctionExpressionSyntax
                or LocalFunctionStatementSyntax
                or BaseMethodDeclarationSyntax
                or AccessorDeclarationSyntax
                or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }
                or CompilationUnitSyntax;
    }

    /// <summary>Whether code runs as async code, see <see cref="AsyncContext.KindOf"/>.</summary>
    internal enum AsyncCodeKind
    {
        /// <summary>Not async code: synchronous methods and lambdas, <c>nameof</c>.</summary>
        None,

        /// <summary>The body of an async method, lambda, local function or iterator, or top-level statements that await.</summary>
        Async,

        /// <summary>
        /// The body of a method or local function that returns an awaitable without <c>async</c>: it is awaited, so
        /// it must not block, but <c>await</c> cannot be written in it as it stands.
        /// </summary>
        ByContract,
    }
}
