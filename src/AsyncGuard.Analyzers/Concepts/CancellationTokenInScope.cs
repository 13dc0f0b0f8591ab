using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Finds the CancellationToken a fix should pass at a point of code: a parameter of the innermost enclosing
    /// lambda, local function or method that has one, else a local declared before that point.
    /// </summary>
    internal static class CancellationTokenInScope
    {
        /// <summary>
        /// The token expression to pass at <paramref name="node"/>, or null. With <paramref name="httpContextType"/>, a
        /// parameter of that type (ASP.NET Core's HttpContext, as in a minimal-API handler) gives
        /// <c>context.RequestAborted</c> where its function has no token parameter.
        /// </summary>
        public static string? Find(SyntaxNode node, SemanticModel model, INamedTypeSymbol? cancellationTokenType, CancellationToken cancellationToken, INamedTypeSymbol? httpContextType = null)
        {
            if (cancellationTokenType == null)
            {
                return null;
            }

            for (var current = node.Parent; current != null; current = current.Parent)
            {
                SeparatedSyntaxList<ParameterSyntax> parameters;
                var isStatic = false;
                switch (current)
                {
                    case ParenthesizedLambdaExpressionSyntax lambda:
                        parameters = lambda.ParameterList.Parameters;
                        isStatic = lambda.Modifiers.Any(SyntaxKind.StaticKeyword);
                        break;
                    case SimpleLambdaExpressionSyntax lambda:
                        parameters = SyntaxFactory.SingletonSeparatedList(lambda.Parameter);
                        isStatic = lambda.Modifiers.Any(SyntaxKind.StaticKeyword);
                        break;
                    case AnonymousMethodExpressionSyntax { ParameterList: { } list } anonymous:
                        parameters = list.Parameters;
                        isStatic = anonymous.Modifiers.Any(SyntaxKind.StaticKeyword);
                        break;
                    case LocalFunctionStatementSyntax localFunction:
                        parameters = localFunction.ParameterList.Parameters;
                        isStatic = localFunction.Modifiers.Any(SyntaxKind.StaticKeyword);
                        break;
                    case BaseMethodDeclarationSyntax method:
                        parameters = method.ParameterList.Parameters;
                        isStatic = true; // nothing outside a method is in scope as a variable
                        break;
                    default:
                        continue;
                }

                string? requestAborted = null;
                foreach (var parameter in parameters)
                {
                    if (parameter.Identifier.ValueText is { Length: > 0 } name && name != "_"
                        && model.GetDeclaredSymbol(parameter, cancellationToken) is IParameterSymbol symbol)
                    {
                        if (SymbolEqualityComparer.Default.Equals(symbol.Type, cancellationTokenType))
                        {
                            return name;
                        }

                        if (requestAborted == null && httpContextType != null && SymbolEqualityComparer.Default.Equals(symbol.Type, httpContextType))
                        {
                            requestAborted = name + ".RequestAborted";
                        }
                    }
                }

                if (requestAborted != null)
                {
                    return requestAborted;
                }

                if (isStatic)
                {
                    break;
                }
            }

            // Listing every symbol in scope walks every type of every imported namespace (milliseconds per call): it is
            // done only where the member declares a local of the token type before this point, which is rare.
            if (!DeclaresTokenLocalBefore(node, model, cancellationTokenType, cancellationToken))
            {
                return null;
            }

            foreach (var symbol in model.LookupSymbols(node.SpanStart))
            {
                if (symbol is ILocalSymbol local
                    && SymbolEqualityComparer.Default.Equals(local.Type, cancellationTokenType)
                    && local.DeclaringSyntaxReferences.Length > 0
                    && local.DeclaringSyntaxReferences[0].Span.End < node.SpanStart)
                {
                    return local.Name;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether the member around <paramref name="node"/> (or the top-level statements) declares, before it, a local
        /// of the token type: the only locals the lookup above can return. Found in syntax, then each declaration's
        /// symbol checked; declarations after the point are not looked at.
        /// </summary>
        private static bool DeclaresTokenLocalBefore(SyntaxNode node, SemanticModel model, INamedTypeSymbol cancellationTokenType, CancellationToken cancellationToken)
        {
            var member = (SyntaxNode?)node.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax)
                ?? node.SyntaxTree.GetRoot(cancellationToken);
            foreach (var candidate in member.DescendantNodes(n => n.SpanStart < node.SpanStart))
            {
                // Every way C# declares a local that can hold a token: declarators (also using, for, fixed), designations
                // (out var, patterns, deconstruction) and foreach variables.
                if (candidate is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax
                    && candidate.SpanStart < node.SpanStart
                    && model.GetDeclaredSymbol(candidate, cancellationToken) is ILocalSymbol local
                    && SymbolEqualityComparer.Default.Equals(local.Type, cancellationTokenType)
                    && local.DeclaringSyntaxReferences.Length > 0
                    && local.DeclaringSyntaxReferences[0].Span.End < node.SpanStart)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
