using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>Syntax for the SemaphoreSlim throttle that AG0003's fix writes.</summary>
    internal static class ThrottleSyntax
    {
        /// <summary>Names given out per editor, so that Fix All over one scope never declares the same name twice.</summary>
        private static readonly ConditionalWeakTable<SyntaxEditor, HashSet<string>> NamesGiven = new ConditionalWeakTable<SyntaxEditor, HashSet<string>>();

        /// <summary><c>throttle</c>, or <c>throttle2</c>, ... when the name is taken at that point or by an earlier fix.</summary>
        public static string UniqueName(DocumentEditor editor, SyntaxNode at, string baseName)
        {
            var given = NamesGiven.GetOrCreateValue(editor);
            var taken = new HashSet<string>();
            foreach (var symbol in editor.SemanticModel.LookupSymbols(at.SpanStart))
            {
                taken.Add(symbol.Name);
            }

            // Names declared later in the same scope would clash too.
            foreach (var token in at.Parent?.DescendantTokens() ?? System.Linq.Enumerable.Empty<SyntaxToken>())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    taken.Add(token.ValueText);
                }
            }

            for (var i = 1; ; i++)
            {
                var name = i == 1 ? baseName : baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var key = at.Parent?.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + name;
                if (!taken.Contains(name) && !given.Contains(key))
                {
                    given.Add(key);
                    return name;
                }
            }
        }

        /// <summary><c>using var throttle = new SemaphoreSlim(8);</c></summary>
        public static StatementSyntax Declaration(string name, string degree, SyntaxTriviaList endOfLine)
            => SyntaxFactory.ParseStatement($"using var {name} = new global::System.Threading.SemaphoreSlim({degree});")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Formatter.Annotation)
                .WithTrailingTrivia(endOfLine);

        /// <summary><c>{ await throttle.WaitAsync(ct); try { inner } finally { throttle.Release(); } }</c></summary>
        public static BlockSyntax Body(string name, string? token, IEnumerable<StatementSyntax> inner)
        {
            var wait = SyntaxFactory.ParseStatement($"await {name}.WaitAsync({token});");
            var release = SyntaxFactory.ParseStatement($"{name}.Release();");
            var tryStatement = SyntaxFactory.TryStatement(
                SyntaxFactory.Block(inner),
                default,
                SyntaxFactory.FinallyClause(SyntaxFactory.Block(release)));
            // Elastic whitespace everywhere, so the formatter lays the new block out in the document's style.
            return SyntaxFactory.Block(wait, tryStatement)
                .NormalizeWhitespace(elasticTrivia: true)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>The statements that run one item's work: <c>return await work;</c> or <c>await work;</c>.</summary>
        public static StatementSyntax AwaitWork(ExpressionSyntax work, bool hasResult)
        {
            var awaited = AwaitSyntax.Await(work.WithoutTrivia());
            return hasResult ? SyntaxFactory.ReturnStatement(awaited) : SyntaxFactory.ExpressionStatement(awaited);
        }
    }

    /// <summary>
    /// Rewrites the <c>return</c>s of a synchronous lambda made async: <c>return task;</c> becomes
    /// <c>return await task;</c>, or <c>await task; return;</c> when the task has no result. Nested functions keep theirs.
    /// </summary>
    internal sealed class ReturnAwaiter : CSharpSyntaxRewriter
    {
        private readonly bool _hasResult;

        public ReturnAwaiter(bool hasResult)
        {
            _hasResult = hasResult;
        }

        public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
        {
            if (node.Expression == null)
            {
                return node;
            }

            if (_hasResult)
            {
                return node.WithExpression(AwaitSyntax.Await(node.Expression.WithoutTrivia()).WithLeadingTrivia(SyntaxFactory.Space));
            }

            return SyntaxFactory.Block(
                    SyntaxFactory.ExpressionStatement(AwaitSyntax.Await(node.Expression.WithoutTrivia())),
                    SyntaxFactory.ReturnStatement())
                .WithTriviaFrom(node)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => node;

        public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => node;

        public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => node;

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;
    }
}
