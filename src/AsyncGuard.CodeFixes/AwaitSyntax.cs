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
        /// <summary>
        /// Marks every qualified name of generated code (written as <c>global::System.X</c> so it always binds) for the
        /// simplifier, which shortens it to <c>X</c> where the usings allow, and lets it add the using where they do not.
        /// </summary>
        public static TNode SimplifyNames<TNode>(TNode node)
            where TNode : SyntaxNode
            => node.ReplaceNodes(
                System.Linq.Enumerable.Where(node.DescendantNodes(), n => n is QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberAccessExpressionSyntax),
                (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));

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

            return SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(operand))
                .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        }
    }
}
