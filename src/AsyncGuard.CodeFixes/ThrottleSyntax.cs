using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>Syntax for the SemaphoreSlim throttle that AG0003's fix writes.</summary>
    internal static class ThrottleSyntax
    {
        /// <summary>
        /// <c>using var throttle = new SemaphoreSlim(8);</c>, or without <c>using</c> before C# 8, which has no using
        /// declarations (netstandard2.0 and .NET Framework projects default to C# 7.3), and where the fan-out's task is
        /// returned (its items use the throttle after the block ends). A SemaphoreSlim whose AvailableWaitHandle is
        /// never read holds nothing that needs disposing, so leaving it to the GC loses nothing.
        /// </summary>
        public static StatementSyntax Declaration(string name, string degree, SyntaxTriviaList endOfLine, bool dispose)
            => SyntaxFactory.ParseStatement($"{(dispose ? "using " : string.Empty)}var {name} = new global::System.Threading.SemaphoreSlim({degree});")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Formatter.Annotation)
                .WithTrailingTrivia(endOfLine);

        /// <summary><c>{ await throttle.WaitAsync(ct); try { inner } finally { throttle.Release(); } }</c></summary>
        public static BlockSyntax Body(string name, string? token, IEnumerable<StatementSyntax> inner)
        {
            var wait = SyntaxFactory.ParseStatement($"await {name}.WaitAsync({token});");
            var release = SyntaxFactory.ParseStatement($"{name}.Release();");
            var tryStatement = SyntaxFactory.TryStatement(
                SyntaxFactory.Block(inner),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(release)));
            // Elastic whitespace everywhere, so the formatter lays the new block out in the document's style.
            return SyntaxFactory.Block(wait, tryStatement)
                .NormalizeWhitespace(elasticTrivia: true)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>The statements that run one item's work: <c>return await work;</c> or <c>await work;</c>.</summary>
        public static StatementSyntax AwaitWork(ExpressionSyntax work, bool hasResult)
        {
            var awaited = AwaitSyntax.Await(work.WithoutTrivia());
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

        public ReturnAwaiter(bool hasResult)
        {
            _hasResult = hasResult;
        }

        public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
        {
            if (node.Expression == null)
            {
                return node;
            }

            if (_hasResult)
            {
                return node.WithExpression(AwaitSyntax.Await(node.Expression.WithoutTrivia()).WithLeadingTrivia(SyntaxFactory.Space));
            }

            return SyntaxFactory.Block(
                    SyntaxFactory.ExpressionStatement(AwaitSyntax.Await(node.Expression.WithoutTrivia())),
                    SyntaxFactory.ReturnStatement())
                .WithTriviaFrom(node)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
