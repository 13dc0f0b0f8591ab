using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>Builds await expressions that stay valid wherever the replaced expression stood.</summary>
    internal static class AwaitSyntax
    {
        /// <summary><c>(await x.ConfigureAwait(false))</c> where the code around follows that convention, else <c>(await x)</c>.</summary>
        public static ExpressionSyntax Await(ExpressionSyntax operand, bool configureAwaitFalse)
        {
            if (!configureAwaitFalse)
            {
                return Await(operand);
            }

            if (operand is ParenthesizedExpressionSyntax { Expression: AwaitExpressionSyntax } or AwaitExpressionSyntax)
            {
                operand = SyntaxFactory.ParenthesizedExpression(operand is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : operand);
            }
            else if (operand is not (IdentifierNameSyntax or InvocationExpressionSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax))
            {
                operand = SyntaxFactory.ParenthesizedExpression(operand).WithAdditionalAnnotations(Simplifier.Annotation);
            }

            var configured = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, operand, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
            return ParenthesizedAwait(configured);
        }

        /// <summary>
        /// Whether new awaits at <paramref name="at"/> should carry <c>.ConfigureAwait(false)</c>: the awaits of the
        /// enclosing method do (more of them with it than without), or, in a method with none, those of the file.
        /// Library code that writes it throughout relies on it: a bare await there can deadlock a sync-over-async caller.
        /// </summary>
        public static bool FollowsConfigureAwaitFalse(SyntaxNode at)
        {
            var member = at.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax);
            var (with, without) = CountAwaits(member);
            if (with + without == 0)
            {
                (with, without) = CountAwaits(at.SyntaxTree.GetRoot());
            }

            return with > 0 && with > without;
        }

        private static (int With, int Without) CountAwaits(SyntaxNode? scope)
        {
            int with = 0, without = 0;
            foreach (var awaitExpression in scope?.DescendantNodes().OfType<AwaitExpressionSyntax>() ?? Enumerable.Empty<AwaitExpressionSyntax>())
            {
                if (awaitExpression.Expression is InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" },
                        ArgumentList.Arguments: { Count: 1 } arguments,
                    }
                    && arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
                {
                    with++;
                }
                else
                {
                    without++;
                }
            }

            return (with, without);
        }

        /// <summary>
        /// <c>(await x)</c>, with parentheses the simplifier removes where they are not needed, so that
        /// <c>t.Result.Length</c> becomes <c>(await t).Length</c> and <c>var v = t.Result;</c> becomes <c>var v = await t;</c>.
        /// </summary>
        public static ExpressionSyntax Await(ExpressionSyntax operand)
        {
            // `(await x).Result` fixed again gives `await await x`, as a single pass over both would.
            if (operand is ParenthesizedExpressionSyntax { Expression: AwaitExpressionSyntax inner })
            {
                operand = inner;
            }

            return ParenthesizedAwait(operand);
        }

        /// <summary>
        /// <c>(await operand)</c> written with plain tokens: the trivia the caller puts on it (a blank line before the
        /// statement, say) is all the whitespace there is, so when the simplifier drops the parentheses the formatter
        /// keeps it instead of laying out elastic whitespace afresh (which would remove the blank line).
        /// </summary>
        private static ExpressionSyntax ParenthesizedAwait(ExpressionSyntax operand)
            => SyntaxFactory.ParenthesizedExpression(
                    SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.OpenParenToken, SyntaxTriviaList.Empty),
                    SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)), operand),
                    SyntaxFactory.Token(SyntaxTriviaList.Empty, SyntaxKind.CloseParenToken, SyntaxTriviaList.Empty))
                .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }
}
