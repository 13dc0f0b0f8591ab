using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// AG0002 on <c>x?.Dispose();</c> / <c>x?.Close();</c> of a resource whose disposal does IO: an awaited
    /// <c>x?.DisposeAsync()</c> does not compile (a nullable ValueTask is not awaitable), so the null test is written out:
    /// <c>if (x != null) { await x.DisposeAsync(); }</c> for a local or parameter, <c>if (_x is { } x) { await
    /// x.DisposeAsync(); }</c> for anything else (a field or property another thread may null between a test and a second
    /// read, a call): read once, as the conditional access read it. Before C# 8 (no property patterns), a local copy is
    /// tested instead.
    /// </summary>
    internal static class ConditionalDisposalFix
    {
        public static FixShape Shape { get; } = new FixShape(
            nameof(ConditionalDisposalFix),
            diagnostic => diagnostic.Properties.TryGetValue(FixProperties.FixKind, out var kind) && kind == CounterpartFixKinds.AwaitConditionalDisposal
                          && diagnostic.Properties.TryGetValue(FixProperties.AsyncName, out var name) && name != null
                ? "Await '" + name + "' when not null"
                : null,
            ApplyAsync,
            "Await the async disposal of IO resources");

        private static Task<bool> ApplyAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (!diagnostic.Properties.TryGetValue(FixProperties.AsyncName, out var asyncName) || asyncName == null
                || editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                    .FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>() is not { Parent: ExpressionStatementSyntax statement } access)
            {
                return Task.FromResult(false);
            }

            var receiver = access.Expression.WithoutTrivia();
            ExpressionSyntax condition;
            ExpressionSyntax target;
            StatementSyntax? copy = null;
            if (receiver is IdentifierNameSyntax
                && editor.SemanticModel.GetSymbolInfo(access.Expression, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol)
            {
                // Only this method can change a local or parameter between the test and the call.
                condition = SyntaxFactory.BinaryExpression(SyntaxKind.NotEqualsExpression, receiver, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression));
                target = receiver;
            }
            else
            {
                // A field or property (another thread may null it between a test and a second read), or a call: read once.
                var preferred = receiver switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax called } => called.Name.Identifier.ValueText,
                    InvocationExpressionSyntax { Expression: IdentifierNameSyntax called } => called.Identifier.ValueText,
                    _ => "resource",
                };
                preferred = preferred.TrimStart('_');
                preferred = preferred.Length == 0 || !SyntaxFacts.IsValidIdentifier(preferred)
                    ? "resource"
                    : char.ToLowerInvariant(preferred[0]) + preferred.Substring(1);
                var name = FreeNames.ForLocal(pass, statement, SyntaxFacts.GetKeywordKind(preferred) == SyntaxKind.None ? preferred : "resource");
                target = SyntaxFactory.IdentifierName(name);
                if (((CSharpParseOptions)statement.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8)
                {
                    condition = SyntaxFactory.ParseExpression(receiver.ToString() + " is { } " + name);
                }
                else
                {
                    // No property patterns before C# 8: a local copy, tested and disposed.
                    copy = SyntaxFactory.ParseStatement("var " + name + " = " + receiver.ToString() + ";");
                    condition = SyntaxFactory.BinaryExpression(SyntaxKind.NotEqualsExpression, target, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression));
                }
            }

            var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, SyntaxFactory.IdentifierName(asyncName)));
            var awaited = AwaitSyntax.Await(call, AwaitSyntax.FollowsConfigureAwaitFalse(statement));
            if (awaited is ParenthesizedExpressionSyntax { Expression: AwaitExpressionSyntax bare })
            {
                awaited = bare;
            }

            StatementSyntax replacement = SyntaxFactory.IfStatement(condition, SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(awaited)));
            if (copy != null)
            {
                if (statement.Parent is BlockSyntax or SwitchSectionSyntax)
                {
                    editor.InsertBefore(statement, copy.WithLeadingTrivia(statement.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation));
                    replacement = replacement.WithTrailingTrivia(statement.GetTrailingTrivia());
                    editor.ReplaceNode(statement, replacement.WithAdditionalAnnotations(Formatter.Annotation));
                    return Task.FromResult(true);
                }

                replacement = SyntaxFactory.Block(copy, replacement);
            }

            editor.ReplaceNode(statement, replacement.WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
            return Task.FromResult(true);
        }
    }
}
