using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// Rewrites the statements of one function body and leaves nested lambdas, anonymous methods and local functions
    /// alone: their <c>return</c>s belong to them.
    /// </summary>
    internal abstract class FunctionBodyRewriter : CSharpSyntaxRewriter
    {
        public sealed override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => node;

        public sealed override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => node;

        public sealed override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => node;

        public sealed override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;
    }
}
