using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Concepts;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// AG0001 and AG0002 in a method async by contract (it returns Task or ValueTask without <c>async</c>): the method is
    /// made <c>async</c>, the blocking call awaited as the rule's own fix would, and its returns unwrapped
    /// (<c>return Task.FromResult(x)</c> → <c>return x</c>, <c>return Task.CompletedTask</c> → <c>return</c>, any other
    /// task → <c>return await t</c>). Offered in the light bulb only, never by Fix All or <c>dotnet format</c>: an
    /// exception the method threw to its caller (argument checks, say) now faults the returned task instead, which a
    /// caller that does not await it no longer sees. Not offered where the result would not compile.
    /// </summary>
    internal static class MakeAsyncFix
    {
        private const string ClaimPrefix = "make-async:";

        public static FixShape Shape(string equivalenceKey, DiagnosticEdit awaitEdit, System.Func<Document, Diagnostic, CancellationToken, Task<bool>>? isApplicableAsync = null)
        {
            DiagnosticEdit edit = (pass, diagnostic, cancellationToken) => ApplyAsync(pass, diagnostic, awaitEdit, cancellationToken);
            return new FixShape(
                equivalenceKey,
                diagnostic => Requested(diagnostic) ? "Make the method async and " + AwaitWhat(diagnostic) : null,
                edit,
                "Make the methods async",
                isApplicableAsync,
                needsReview: true,
                mustCompile: true);
        }

        private static string AwaitWhat(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(FixProperties.AsyncName, out var name) && name != null ? "await '" + name + "'" : "await the task";

        /// <summary>The analyzer found the call in a method async by contract and the rule's rewrite applies once it is async.</summary>
        public static bool Requested(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(FixProperties.MakeAsync, out var value) && value == "true"
                && diagnostic.Properties.ContainsKey(FixProperties.FixKind);

        private static async Task<bool> ApplyAsync(FixPass pass, Diagnostic diagnostic, DiagnosticEdit awaitEdit, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            var model = pass.SemanticModel;
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || EnclosingFunction(node) is not { } function
                || model.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol method
                || WellKnownSymbols.For(model.Compilation) is not { } types
                || !IsTaskType(method.ReturnType, types)
                || method.Parameters.Any(p => p.RefKind != RefKind.None)
                || function.DescendantNodes(n => !AsyncContext.IsFunctionBoundary(n) || n == function).OfType<YieldStatementSyntax>().Any())
            {
                return false;
            }

            var hasResult = method.ReturnType is INamedTypeSymbol { IsGenericType: true };
            var firstInFunction = pass.Claim(ClaimPrefix + function.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var returns = firstInFunction ? ReturnRewrites(function, hasResult, model, types, cancellationToken) : null;
            if ((firstInFunction && returns == null) || !await awaitEdit(pass, diagnostic, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            if (returns == null)
            {
                return true;
            }

            var configureAwait = AwaitSyntax.FollowsConfigureAwaitFalse(node);
            foreach (var (original, kind) in returns)
            {
                if (kind == ReturnKind.NothingAtEnd)
                {
                    editor.RemoveNode(original, SyntaxRemoveOptions.KeepNoTrivia);
                }
                else
                {
                    editor.ReplaceNode(original, (current, _) => Unwrapped(current, kind, configureAwait));
                }
            }

            editor.ReplaceNode(function, (current, _) => WithAsync(current));
            return true;
        }

        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node; current != null; current = current.Parent)
            {
                if (AsyncContext.IsFunctionBoundary(current))
                {
                    return current is MethodDeclarationSyntax or LocalFunctionStatementSyntax ? current : null;
                }
            }

            return null;
        }

        private enum ReturnKind
        {
            /// <summary><c>Task.FromResult(x)</c>, <c>new ValueTask&lt;T&gt;(x)</c> → <c>x</c>.</summary>
            Value,

            /// <summary><c>return Task.CompletedTask;</c>, <c>return default;</c> (ValueTask) → <c>return;</c>, or nothing at the end.</summary>
            Nothing,

            /// <summary>The same, as the last statement of the body: removed.</summary>
            NothingAtEnd,

            /// <summary>A task with a result → <c>return await t;</c>; an arrow body of a Task without one → <c>=&gt; await t</c>.</summary>
            Await,

            /// <summary>A Task without a result returned as the last statement → <c>await t;</c>.</summary>
            AwaitAtEnd,
        }

        /// <summary>
        /// How each return of the function reads once it is async, or null when one cannot be rewritten without changing
        /// what it does (<c>return null;</c> returns no task at all; a Task returned from the middle of the body).
        /// </summary>
        private static List<(SyntaxNode Node, ReturnKind Kind)>? ReturnRewrites(SyntaxNode function, bool hasResult, SemanticModel model, WellKnownSymbols types, CancellationToken cancellationToken)
        {
            var body = function switch
            {
                MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody,
                _ => null,
            };
            var rewrites = new List<(SyntaxNode, ReturnKind)>();
            if (body is ArrowExpressionClauseSyntax arrow)
            {
                var kind = KindOf(arrow.Expression, hasResult, atEnd: false, model, types, cancellationToken);
                if (kind is null or ReturnKind.Nothing)
                {
                    return null;
                }

                rewrites.Add((arrow.Expression, kind.Value));
                return rewrites;
            }

            if (body is not BlockSyntax block)
            {
                return null;
            }

            foreach (var returnStatement in block.DescendantNodes(n => !AsyncContext.IsFunctionBoundary(n)).OfType<ReturnStatementSyntax>())
            {
                var atEnd = block.Statements.LastOrDefault() == returnStatement;
                if (returnStatement.Expression is not { } returned
                    || KindOf(returned, hasResult, atEnd, model, types, cancellationToken) is not { } kind)
                {
                    return null;
                }

                rewrites.Add((kind is ReturnKind.Value or ReturnKind.Await ? returned : returnStatement, kind));
            }

            return rewrites;
        }

        private static ReturnKind? KindOf(ExpressionSyntax returned, bool hasResult, bool atEnd, SemanticModel model, WellKnownSymbols types, CancellationToken cancellationToken)
        {
            // Half-typed code (no operation, or an error in the returned expression: `Task.FromResult(missing)`): no fix, the author
            // is still writing that return.
            if (model.GetOperation(returned, cancellationToken) is not { } bound
                || model.GetDiagnostics(returned.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return null;
            }

            var operation = OperationShapes.Unwrap(bound);
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult when hasResult
                    && types.IsTaskOrValueTask(fromResult.TargetMethod.ContainingType) && returned is InvocationExpressionSyntax:
                    return ReturnKind.Value;
                case IObjectCreationOperation { Arguments.Length: 1 } created when hasResult && IsTaskType(created.Type, types)
                    && returned is BaseObjectCreationExpressionSyntax:
                    return ReturnKind.Value;
                case IPropertyReferenceOperation { Property.Name: "CompletedTask", Property.IsStatic: true } completed when !hasResult
                    && types.IsTaskOrValueTask(completed.Property.ContainingType):
                case IDefaultValueOperation when !hasResult && IsTaskType(operation.Type, types) && !types.IsTask(operation.Type):
                case IObjectCreationOperation { Arguments.Length: 0 } when !hasResult && IsTaskType(operation.Type, types) && !types.IsTask(operation.Type):
                    return atEnd ? ReturnKind.NothingAtEnd : ReturnKind.Nothing;
                default:
                    if (!IsTaskType(operation.Type, types) || operation.ConstantValue.HasValue)
                    {
                        return null;
                    }

                    return hasResult ? ReturnKind.Await : atEnd ? ReturnKind.AwaitAtEnd : returned.Parent is ArrowExpressionClauseSyntax ? ReturnKind.Await : null;
            }
        }

        /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;: the types an async method can return without a builder of its own.</summary>
        private static bool IsTaskType(ITypeSymbol? type, WellKnownSymbols types)
            => types.IsTaskOrValueTask(type) || types.IsTaskWithResult(type);

        private static SyntaxNode Unwrapped(SyntaxNode current, ReturnKind kind, bool configureAwait)
        {
            switch (kind)
            {
                case ReturnKind.Value:
                    var value = current switch
                    {
                        InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments[0].Expression,
                        BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments } => arguments.Arguments[0].Expression,
                        _ => (ExpressionSyntax)current,
                    };
                    return value.WithTriviaFrom(current);
                case ReturnKind.Nothing:
                    return SyntaxFactory.ReturnStatement().WithTriviaFrom(current);
                case ReturnKind.Await:
                    return AwaitSyntax.Await(((ExpressionSyntax)current).WithoutTrivia(), configureAwait).WithTriviaFrom(current);
                case ReturnKind.AwaitAtEnd:
                    var returnStatement = (ReturnStatementSyntax)current;
                    return SyntaxFactory.ExpressionStatement(AwaitSyntax.Await(returnStatement.Expression!.WithoutTrivia(), configureAwait))
                        .WithTriviaFrom(returnStatement);
                default:
                    return current;
            }
        }

        private static SyntaxNode WithAsync(SyntaxNode function)
        {
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            switch (function)
            {
                case MethodDeclarationSyntax method when !method.Modifiers.Any(SyntaxKind.AsyncKeyword):
                    return method.Modifiers.Count == 0
                        ? method.WithReturnType(method.ReturnType.WithoutLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(method.ReturnType.GetLeadingTrivia())))
                        : method.WithModifiers(method.Modifiers.Add(asyncKeyword));
                case LocalFunctionStatementSyntax local when !local.Modifiers.Any(SyntaxKind.AsyncKeyword):
                    return local.Modifiers.Count == 0
                        ? local.WithReturnType(local.ReturnType.WithoutLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(local.ReturnType.GetLeadingTrivia())))
                        : local.WithModifiers(local.Modifiers.Add(asyncKeyword));
                default:
                    return function;
            }
        }
    }
}
