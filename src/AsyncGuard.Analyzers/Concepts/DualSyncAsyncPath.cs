using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Recognises the synchronous path of dual sync/async code (a library serving both kinds of caller from one
    /// method): AG0001 and AG0002 do not report calls there.
    /// </summary>
    internal static class DualSyncAsyncPath
    {
        /// <summary>
        /// True for the synchronous path of code that serves sync and async callers on purpose: a branch of a conditional whose
        /// other branch awaits (<c>async ? await r.ReadAsync(ct) : r.Read()</c>, <c>if (async) await x; else r.Read();</c>),
        /// or anything in a function that takes the mode as a <c>bool async</c> (<c>isAsync</c>, <c>useAsync</c>) parameter.
        /// </summary>
        public static bool Contains(SyntaxNode call, string? asyncName, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            for (SyntaxNode current = call; current.Parent is { } parent; current = parent)
            {
                if (HasAsyncModeParameter(parent, model, cancellationToken))
                {
                    return true;
                }

                if (AsyncContext.IsFunctionBoundary(current))
                {
                    continue;
                }

                SyntaxNode? other = parent switch
                {
                    ConditionalExpressionSyntax conditional when conditional.WhenTrue == current => conditional.WhenFalse,
                    ConditionalExpressionSyntax conditional when conditional.WhenFalse == current => conditional.WhenTrue,
                    IfStatementSyntax ifStatement when ifStatement.Statement == current => ifStatement.Else?.Statement,
                    ElseClauseSyntax { Parent: IfStatementSyntax ifStatement } => ifStatement.Statement,
                    _ => null,
                };

                if (other == null)
                {
                    continue;
                }

                var flagChooses = parent is IfStatementSyntax { Condition: var condition } && IsFlag(condition)
                    || parent is ElseClauseSyntax { Parent: IfStatementSyntax { Condition: var elseCondition } } && IsFlag(elseCondition)
                    || parent is ConditionalExpressionSyntax { Condition: var ternaryCondition } && IsFlag(ternaryCondition);
                foreach (var node in other.DescendantNodesAndSelf())
                {
                    if (node is AwaitExpressionSyntax { Expression: var awaited } && (flagChooses || (asyncName != null && CallsMethodNamed(awaited, asyncName))))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>async</c>, <c>!async</c>, <c>this.isAsync</c>: a plain flag, not a computed condition.</summary>
        private static bool IsFlag(ExpressionSyntax condition)
            => condition switch
            {
                ParenthesizedExpressionSyntax parenthesized => IsFlag(parenthesized.Expression),
                PrefixUnaryExpressionSyntax { OperatorToken.ValueText: "!" } not => IsFlag(not.Operand),
                IdentifierNameSyntax => true,
                MemberAccessExpressionSyntax { Name: IdentifierNameSyntax } => true,
                _ => false,
            };

        private static bool HasAsyncModeParameter(SyntaxNode function, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            var parameters = function switch
            {
                BaseMethodDeclarationSyntax method => method.ParameterList.Parameters,
                LocalFunctionStatementSyntax localFunction => localFunction.ParameterList.Parameters,
                ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters,
                _ => default,
            };

            foreach (var parameter in parameters)
            {
                var name = parameter.Identifier.ValueText;
                if (name.EndsWith("async", System.StringComparison.OrdinalIgnoreCase)
                    && model.GetDeclaredSymbol(parameter, cancellationToken) is { Type.SpecialType: SpecialType.System_Boolean })
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CallsMethodNamed(ExpressionSyntax expression, string name)
        {
            foreach (var node in expression.DescendantNodesAndSelf())
            {
                if (node is InvocationExpressionSyntax { Expression: var callee }
                    && (callee switch
                    {
                        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => null,
                    }) == name)
                {
                    return true;
                }
            }

            return false;
        }

    }
}
