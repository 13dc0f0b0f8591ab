using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// AG0002 in dual sync/async code: the blocking call runs whatever the mode flag says, so it becomes the dual form
    /// the rest of the method uses, <c>if (async) await r.ReadAsync(ct); else r.Read();</c> as a statement or
    /// <c>(async ? await r.ReadAsync(ct) : r.Read())</c> inside an expression. The sync callers keep the sync call.
    /// </summary>
    internal static class DualAsyncCounterpartFix
    {
        /// <summary>The shape <see cref="AsyncCounterpartCodeFix"/> offers for diagnostics in dual sync/async code.</summary>
        public static FixShape Shape { get; } = new FixShape(
            nameof(DualAsyncCounterpartFix),
            diagnostic => diagnostic.Properties.TryGetValue(FixProperties.FixKind, out var kind) && kind == CounterpartFixKinds.DualAwaitCounterpart
                          && diagnostic.Properties.TryGetValue(FixProperties.DualAsyncName, out var name) && name != null
                          && diagnostic.Properties.TryGetValue(FixProperties.ModeFlag, out var flag) && flag != null
                ? "Await '" + name + "' when '" + flag + "' is true"
                : null,
            ApplyAsync,
            "Await the async counterparts on the async path");

        private static Task<bool> ApplyAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(FixProperties.DualAsyncName, out var asyncName) || asyncName == null
                || !properties.TryGetValue(FixProperties.ModeFlag, out var flag) || flag == null
                || editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
                || AsyncCounterpartCodeFix.Rewrite(call.WithoutTrivia(), asyncName, properties) == null)
            {
                return Task.FromResult(false);
            }


            var condition = SyntaxFactory.IdentifierName(flag);

            if (call.Parent is ExpressionStatementSyntax statement)
            {
                editor.ReplaceNode(statement, (current, _) =>
                {
                    var currentCall = (InvocationExpressionSyntax)((ExpressionStatementSyntax)current).Expression;
                    if (AsyncCounterpartCodeFix.Rewrite(currentCall.WithoutTrivia(), asyncName, properties) is not { } awaited)
                    {
                        return current;
                    }

                    var dual = SyntaxFactory.IfStatement(
                        condition,
                        SyntaxFactory.ExpressionStatement(Unparenthesize(awaited)),
                        SyntaxFactory.ElseClause(SyntaxFactory.ExpressionStatement(currentCall.WithoutTrivia())));
                    StatementSyntax replacement = current.Parent is BlockSyntax or SwitchSectionSyntax ? dual : SyntaxFactory.Block(dual);
                    return ShortNames.Apply(pass, call, replacement.WithTriviaFrom(current).WithAdditionalAnnotations(Formatter.Annotation));
                });
            }
            else
            {
                editor.ReplaceNode(call, (current, _) =>
                {
                    var currentCall = (InvocationExpressionSyntax)current;
                    if (AsyncCounterpartCodeFix.Rewrite(currentCall.WithoutTrivia(), asyncName, properties) is not { } awaited)
                    {
                        return current;
                    }

                    return ShortNames.Apply(pass, call, SyntaxFactory.ParenthesizedExpression(
                            SyntaxFactory.ConditionalExpression(condition, Unparenthesize(awaited), currentCall.WithoutTrivia()))
                        .WithTriviaFrom(current)
                        .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation));
                });
            }

            return Task.FromResult(true);
        }

        private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
            => expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : expression;
    }
}
