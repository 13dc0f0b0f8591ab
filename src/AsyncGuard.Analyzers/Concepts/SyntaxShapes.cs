using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Looking through the syntax around an awaited expression (parentheses and <c>ConfigureAwait(..)</c>), and finding
    /// the mentions of a name.
    /// </summary>
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

        /// <summary>
        /// The identifier tokens of <paramref name="root"/> (trivia aside) whose name is <paramref name="name"/>, in
        /// document order: found from the name's occurrences in the text, which costs far less than a walk of every node
        /// of a large type. Where an escape (<c>\u005Fstream</c>) may spell an identifier, from a walk of every token, for
        /// names compared exactly.
        /// </summary>
        public static IEnumerable<SyntaxToken> IdentifiersNamed(SyntaxNode root, string name, CancellationToken cancellationToken)
        {
            var text = root.SyntaxTree.GetText(cancellationToken).ToString(root.Span);
            if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
            {
                foreach (var token in root.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                    {
                        yield return token;
                    }
                }

                yield break;
            }

            for (var index = text.IndexOf(name, StringComparison.Ordinal); index >= 0; index = text.IndexOf(name, index + 1, StringComparison.Ordinal))
            {
                var position = root.SpanStart + index;
                var token = root.FindToken(position);
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.Span.Contains(position) && token.ValueText == name)
                {
                    yield return token;
                }
            }
        }

        /// <summary>What is awaited, without parentheses or <c>ConfigureAwait(..)</c>: <c>(t.ConfigureAwait(false))</c> → <c>t</c>.</summary>
        public static ExpressionSyntax StripConfigureAwait(ExpressionSyntax expression)
            => StripParentheses(SplitConfigureAwait(StripParentheses(expression), out _));
    }
}
