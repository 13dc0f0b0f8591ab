using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Concepts;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.CodeFixes
{
    /// <summary>AG0001: replaces a blocking wait with the awaited form the analyzer chose.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingTaskCodeFix)), Shared]
    public sealed class BlockingTaskCodeFix : DiagnosticEditCodeFix
    {
        private const string Title = "Await the task instead of blocking";

        public BlockingTaskCodeFix()
            : base(
                RuleIds.BlockingTask,
                new FixShape(
                nameof(BlockingTaskCodeFix),
                diagnostic => diagnostic.Properties.ContainsKey(FixProperties.FixKind) && !MakeAsyncFix.Requested(diagnostic) ? Title : null,
                ApplyAsync,
                Title,
                NotCaughtAsAggregateAsync),
                MakeAsyncFix.Shape(nameof(BlockingTaskCodeFix) + ".MakeAsync", ApplyAsync, NotCaughtAsAggregateAsync))
        {
        }

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingTask);

        private static Task<bool> ApplyAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (!diagnostic.Properties.TryGetValue(FixProperties.FixKind, out var fixKind) || fixKind == null
                || editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax blocking)
            {
                return Task.FromResult(false);
            }

            diagnostic.Properties.TryGetValue(FixProperties.CancellationArgumentIndex, out var cancellationIndexText);
            var cancellationIndex = int.TryParse(cancellationIndexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : -1;

            // Follow the code's ConfigureAwait(false) convention where the awaited thing is a Task or ValueTask.
            var configureAwait = AwaitSyntax.FollowsConfigureAwaitFalse(blocking)
                && (fixKind != BlockingFixKinds.AwaitReceiver
                    || (ReceiverOf(blocking) is { } receiver && IsTaskOrValueTask(pass.SemanticModel, blocking, receiver, cancellationToken)));
            if (Rewrite(blocking, fixKind, cancellationIndex, configureAwait) == null)
            {
                return Task.FromResult(false);
            }

            // The callback receives the node as already rewritten by fixes nested inside it (Fix All).
            editor.ReplaceNode(blocking, (current, _) => Rewrite((ExpressionSyntax)current, fixKind, cancellationIndex, configureAwait) is { } rewritten
                ? ShortNames.Apply(pass, blocking, rewritten)
                : current);
            return Task.FromResult(true);
        }

        private static bool IsTaskOrValueTask(SemanticModel model, ExpressionSyntax blocking, ExpressionSyntax receiver, CancellationToken cancellationToken)
        {
            // The receiver as it stands in the original code (ReceiverOf strips its trivia).
            var original = blocking.DescendantNodes().OfType<ExpressionSyntax>().FirstOrDefault(e => e.IsEquivalentTo(receiver, topLevel: false));
            var type = original == null ? null : model.GetTypeInfo(original, cancellationToken).Type;
            return WellKnownSymbols.For(model.Compilation)?.IsTaskLike(type) == true;
        }

        /// <summary>
        /// <c>t.Wait()</c> or <c>t.Result</c> inside a <c>try</c> that catches AggregateException: await throws the inner
        /// exception instead, so that catch would stop running. No fix there (GetAwaiter().GetResult() already throws the inner one).
        /// </summary>
        private static async Task<bool> NotCaughtAsAggregateAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax blocking || model == null
                || blocking is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" } })
            {
                return true;
            }

            var aggregate = WellKnownSymbols.For(model.Compilation)?.AggregateException;
            for (SyntaxNode? node = blocking; node != null && !AsyncContext.IsFunctionBoundary(node); node = node.Parent)
            {
                if (node.Parent is TryStatementSyntax tryStatement && tryStatement.Block == node
                    && tryStatement.Catches.Any(c => c.Declaration != null
                        && WellKnownSymbols.IsOrDerivesFrom(model.GetTypeInfo(c.Declaration.Type, cancellationToken).Type, aggregate)))
                {
                    return false;
                }
            }

            return true;
        }

        private static SyntaxNode? Rewrite(ExpressionSyntax blocking, string fixKind, int cancellationIndex, bool configureAwait)
        {
            ExpressionSyntax? awaited = fixKind switch
            {
                BlockingFixKinds.AwaitReceiver => ReceiverOf(blocking),
                BlockingFixKinds.AwaitWaitAsync => Rename(blocking, "WaitAsync"),
                BlockingFixKinds.WhenAll => WithCancellation(Rename(blocking, "WhenAll"), cancellationIndex),
                BlockingFixKinds.WhenAny or BlockingFixKinds.WhenAnyIndex => WithCancellation(Rename(blocking, "WhenAny"), cancellationIndex),
                _ => null,
            };

            if (awaited != null && fixKind == BlockingFixKinds.WhenAnyIndex && blocking is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments })
            {
                // Array.IndexOf(tasks, await Task.WhenAny(tasks)): the index WaitAny returned.
                var tasks = arguments[0].Expression.WithoutTrivia();
                return SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(
                            SyntaxKind.SimpleMemberAccessExpression,
                            SyntaxFactory.ParseTypeName("global::System.Array").WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation),
                            SyntaxFactory.IdentifierName("IndexOf")),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(tasks), SyntaxFactory.Argument(AwaitSyntax.Await(awaited, configureAwait)) })))
                    .WithTriviaFrom(blocking);
            }

            return awaited == null ? null : AwaitSyntax.Await(awaited, configureAwait).WithTriviaFrom(blocking);
        }

        /// <summary><c>X.Result</c>, <c>X.Wait()</c>, <c>X.GetAwaiter().GetResult()</c> → <c>X</c>.</summary>
        private static ExpressionSyntax? ReceiverOf(ExpressionSyntax blocking)
        {
            switch (blocking)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result:
                    return result.Expression.WithoutTrivia();
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait }:
                    return wait.Expression.WithoutTrivia();
                case InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax
                    {
                        Name.Identifier.ValueText: "GetResult",
                        Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
                    },
                }:
                    return getAwaiter.Expression.WithoutTrivia();
                default:
                    return null;
            }
        }

        /// <summary><c>X.Wait(a)</c> → <c>X.WaitAsync(a)</c>; <c>Task.WaitAll(a)</c> → <c>Task.WhenAll(a)</c>.</summary>
        private static InvocationExpressionSyntax? Rename(ExpressionSyntax blocking, string newName)
        {
            if (blocking is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess } invocation)
            {
                return null;
            }

            var name = SyntaxFactory.IdentifierName(newName).WithTriviaFrom(memberAccess.Name);
            return invocation.WithExpression(memberAccess.WithName(name)).WithoutTrivia();
        }

        /// <summary>
        /// <c>Task.WhenAll(tasks, ct)</c> → <c>Task.WhenAll(tasks).WaitAsync(ct)</c>: the combinators take no token,
        /// so the wait for them is what stays cancellable.
        /// </summary>
        private static ExpressionSyntax? WithCancellation(InvocationExpressionSyntax? invocation, int cancellationIndex)
        {
            if (invocation == null || cancellationIndex < 0)
            {
                return invocation;
            }

            var arguments = invocation.ArgumentList.Arguments;
            if (cancellationIndex >= arguments.Count)
            {
                return null;
            }

            var token = arguments[cancellationIndex].WithNameColon(null).WithoutTrivia();
            var withoutToken = invocation.WithArgumentList(invocation.ArgumentList.WithArguments(arguments.RemoveAt(cancellationIndex)));
            return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, withoutToken, SyntaxFactory.IdentifierName("WaitAsync")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(token)));
        }
    }
}
