using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using System.Linq;

namespace AsyncGuard.CodeFixes
{
    /// <summary>Syntax for the SemaphoreSlim throttle that AG0003's fix writes.</summary>
    internal static class ThrottleSyntax
    {
        /// <summary>
        /// <c>using var throttle = new SemaphoreSlim(8);</c>, or without <c>using</c> before C# 8, which has no using
        /// declarations (netstandard2.0 and .NET Framework projects default to C# 7.3), and where the fan-out's task is
        /// returned (its items use the throttle after the block ends). A SemaphoreSlim whose AvailableWaitHandle is
        /// never read holds nothing that needs disposing, so leaving it to the GC loses nothing. The line ends as the
        /// statement it is inserted before ends (<paramref name="trailingTrivia"/>), without that statement's comment.
        /// </summary>
        public static StatementSyntax Declaration(string name, string degree, SyntaxTriviaList trailingTrivia, bool dispose)
            => SyntaxFactory.ParseStatement($"{(dispose ? "using " : string.Empty)}var {name} = new global::System.Threading.SemaphoreSlim({degree});")
                .WithAdditionalAnnotations(Formatter.Annotation)
                .WithTrailingTrivia(trailingTrivia.LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is var endOfLine && endOfLine.IsKind(SyntaxKind.EndOfLineTrivia)
                    ? endOfLine
                    : SyntaxFactory.ElasticCarriageReturnLineFeed);

        /// <summary>
        /// <c>{ await throttle.WaitAsync(ct); try { inner } finally { throttle.Release(); } }</c>, its lines ended as the file
        /// of <paramref name="at"/> ends them, its await with <c>.ConfigureAwait(false)</c> where the code there follows
        /// that convention (<see cref="AwaitSyntax.FollowsConfigureAwaitFalse"/>).
        /// </summary>
        public static BlockSyntax Body(string name, string? token, IEnumerable<StatementSyntax> inner, SyntaxNode at)
        {
            var configureAwait = AwaitSyntax.FollowsConfigureAwaitFalse(at) ? ".ConfigureAwait(false)" : string.Empty;
            var wait = SyntaxFactory.ParseStatement($"await {name}.WaitAsync({token}){configureAwait};");
            var release = SyntaxFactory.ParseStatement($"{name}.Release();");
            var placeholder = SyntaxFactory.EmptyStatement();
            var tryStatement = SyntaxFactory.TryStatement(
                SyntaxFactory.Block(placeholder),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(release)));

            // Elastic whitespace in what the fix writes, so the formatter lays it out in the document's style; the
            // item's own statements go in afterwards as they were written (the formatter only re-indents them), so a
            // `is { } page` stays on its line.
            var block = SyntaxFactory.Block(wait, tryStatement).NormalizeWhitespace(eol: Usings.FileEndOfLine(at.SyntaxTree.GetRoot()).ToString(), elasticTrivia: true);
            var innerStatements = inner.ToList();
            if (innerStatements.Count > 0)
            {
                innerStatements[0] = innerStatements[0].WithLeadingTrivia(
                    innerStatements[0].GetLeadingTrivia().Insert(0, SyntaxFactory.ElasticMarker));
                var lastIndex = innerStatements.Count - 1;
                innerStatements[lastIndex] = innerStatements[lastIndex].WithTrailingTrivia(
                    innerStatements[lastIndex].GetTrailingTrivia().Add(SyntaxFactory.ElasticMarker));
            }

            var placed = block.DescendantNodes().OfType<EmptyStatementSyntax>().Single();
            return block.ReplaceNode(placed, innerStatements).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>
        /// The statements that run one item's work: <c>return await work;</c> or <c>await work;</c>, with
        /// <c>.ConfigureAwait(false)</c> where the code at <paramref name="at"/> follows that convention.
        /// </summary>
        public static StatementSyntax AwaitWork(ExpressionSyntax work, bool hasResult, SyntaxNode at)
        {
            var awaited = AwaitSyntax.Await(work.WithoutTrivia(), AwaitSyntax.FollowsConfigureAwaitFalse(at));
            return hasResult ? SyntaxFactory.ReturnStatement(awaited) : SyntaxFactory.ExpressionStatement(awaited);
        }
    }

    /// <summary>
    /// Rewrites the <c>return</c>s of a synchronous lambda made async: <c>return task;</c> becomes
    /// <c>return await task;</c>, or <c>await task; return;</c> when the task has no result. Nested functions keep theirs.
    /// </summary>
    internal sealed class ReturnAwaiter : FunctionBodyRewriter
    {
        private readonly bool _hasResult;
        private readonly bool _configureAwaitFalse;

        /// <param name="hasResult">Whether the tasks returned have a result.</param>
        /// <param name="at">Where the function stands: its new awaits follow the ConfigureAwait(false) convention there.</param>
        public ReturnAwaiter(bool hasResult, SyntaxNode at)
        {
            _hasResult = hasResult;
            _configureAwaitFalse = AwaitSyntax.FollowsConfigureAwaitFalse(at);
        }

        public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
        {
            if (node.Expression == null)
            {
                return node;
            }

            if (_hasResult)
            {
                return node.WithExpression(AwaitSyntax.Await(node.Expression.WithoutTrivia(), _configureAwaitFalse).WithLeadingTrivia(SyntaxFactory.Space));
            }

            return SyntaxFactory.Block(
                    SyntaxFactory.ExpressionStatement(AwaitSyntax.Await(node.Expression.WithoutTrivia(), _configureAwaitFalse)),
                    SyntaxFactory.ReturnStatement())
                .WithTriviaFrom(node)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
