using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Concepts
{
    /// <summary>Looking through the syntax around an awaited expression: parentheses and <c>ConfigureAwait(..)</c>.</summary>
    internal static class SyntaxShapes
    {
        public static ExpressionSyntax StripParentheses(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        /// <summary>
        /// <c>x.ConfigureAwait(false)</c> → <c>x</c>, with the argument list in <paramref name="configureAwaitArguments"/>;
        /// anything else is returned as it is, with null arguments.
        /// </summary>
        public static ExpressionSyntax SplitConfigureAwait(ExpressionSyntax expression, out ArgumentListSyntax? configureAwaitArguments)
        {
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } memberAccess } invocation)
            {
                configureAwaitArguments = invocation.ArgumentList;
                return memberAccess.Expression;
            }

            configureAwaitArguments = null;
            return expression;
        }

        /// <summary>What is awaited, without parentheses or <c>ConfigureAwait(..)</c>: <c>(t.ConfigureAwait(false))</c> → <c>t</c>.</summary>
        public static ExpressionSyntax StripConfigureAwait(ExpressionSyntax expression)
            => StripParentheses(SplitConfigureAwait(StripParentheses(expression), out _));
    }
}
