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
    /// <c>if (x != null) { await x.DisposeAsync(); }</c> for a local, parameter or field (read once more, as the
    /// conditional access read it), <c>if (a.B() is { } b) { await b.DisposeAsync(); }</c> for anything that must be
    /// evaluated once.
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
            if (receiver is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax })
            {
                condition = SyntaxFactory.BinaryExpression(SyntaxKind.NotEqualsExpression, receiver, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression));
                target = receiver;
            }
            else
            {
                var preferred = receiver switch
                {
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
                condition = SyntaxFactory.ParseExpression(receiver.ToString() + " is { } " + name);
                target = SyntaxFactory.IdentifierName(name);
            }

            var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, SyntaxFactory.IdentifierName(asyncName)));
            var awaited = AwaitSyntax.Await(call, AwaitSyntax.FollowsConfigureAwaitFalse(statement));
            if (awaited is ParenthesizedExpressionSyntax { Expression: AwaitExpressionSyntax bare })
            {
                awaited = bare;
            }

            var replacement = SyntaxFactory.IfStatement(condition, SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(awaited)))
                .WithTriviaFrom(statement)
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.ReplaceNode(statement, replacement);
            return Task.FromResult(true);
        }
    }
}
