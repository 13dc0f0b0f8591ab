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
        public static string? Find(SyntaxNode node, SemanticModel model, INamedTypeSymbol? cancellationTokenType, CancellationToken cancellationToken)
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

                foreach (var parameter in parameters)
                {
                    if (parameter.Identifier.ValueText is { Length: > 0 } name && name != "_"
                        && model.GetDeclaredSymbol(parameter, cancellationToken) is IParameterSymbol symbol
                        && SymbolEqualityComparer.Default.Equals(symbol.Type, cancellationTokenType))
                    {
                        return name;
                    }
                }

                if (isStatic)
                {
                    break;
                }
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
    }
}
