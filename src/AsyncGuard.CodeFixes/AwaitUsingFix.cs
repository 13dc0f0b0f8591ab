using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// AG0002 on a <c>using</c> whose resource does IO when disposed (a reader, connection, file or network stream):
    /// <c>using var r = ..;</c> becomes <c>await using var r = ..;</c>, <c>using (r) { }</c> becomes
    /// <c>await using (r) { }</c>. The analyzer offers it only where the resource is IAsyncDisposable.
    /// </summary>
    internal static class AwaitUsingFix
    {
        public static FixShape Shape { get; } = new FixShape(
            nameof(AwaitUsingFix),
            diagnostic => diagnostic.Properties.TryGetValue(FixProperties.FixKind, out var kind) && kind == CounterpartFixKinds.AwaitUsing
                ? "Use 'await using'"
                : null,
            ApplyAsync,
            "Use 'await using' for IO resources");

        private static Task<bool> ApplyAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<SyntaxNode>(n => n is UsingStatementSyntax or LocalDeclarationStatementSyntax) is not { } holder
                || AsyncCounterpartCodeFix.AddAwaitToUsing(holder) == holder)
            {
                return Task.FromResult(false);
            }

            editor.ReplaceNode(holder, (current, _) => AsyncCounterpartCodeFix.AddAwaitToUsing(current));
            return Task.FromResult(true);
        }
    }
}
