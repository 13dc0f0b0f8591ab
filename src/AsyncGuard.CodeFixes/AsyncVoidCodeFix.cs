using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// AG0005: <c>async void M()</c> → <c>async Task M()</c> when every use of M is a call statement;
    /// <c>list.ForEach(async x => ..)</c> → <c>foreach</c> with <c>await</c>;
    /// <c>Parallel.ForEach(src, async x => ..)</c> → <c>await Parallel.ForEachAsync(src, async (x, ct) => ..)</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncVoidCodeFix)), Shared]
    public sealed class AsyncVoidCodeFix : DiagnosticEditCodeFix
    {
        public AsyncVoidCodeFix()
            : base(
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".ReturnTask",
                    d => Kind(d) == AsyncVoidFixKinds.ReturnTask ? "Return Task instead of void" : null,
                    ReturnTaskAsync,
                    "Return Task instead of void",
                    OnlyCalledAsStatementsAsync),
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".ForEachLoop",
                    d => Kind(d) == AsyncVoidFixKinds.ForEachLoop ? "Use a foreach loop that awaits each item" : null,
                    ForEachLoopAsync,
                    "Use foreach loops that await each item"),
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".ParallelForEachAsync",
                    d => Kind(d) == AsyncVoidFixKinds.ParallelForEachAsync ? "Await Parallel.ForEachAsync" : null,
                    ParallelForEachAsync,
                    "Await Parallel.ForEachAsync"))
        {
        }

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncVoid);

        private static string? Kind(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(FixProperties.FixKind, out var kind) ? kind : null;

        private static async Task<IMethodSymbol?> DeclaredMethodAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var declaration = root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<SyntaxNode>(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax);
            return declaration == null || model == null ? null : model.GetDeclaredSymbol(declaration, cancellationToken) as IMethodSymbol;
        }

        /// <summary>No use of the method needs it to return void: every reference is a call whose value nobody reads.</summary>
        private static async Task<bool> OnlyCalledAsStatementsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var method = await DeclaredMethodAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
            if (method == null)
            {
                return false;
            }

            foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (CallStatementOf(node) == null)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>The statement <c>M(..);</c> whose callee is <paramref name="name"/>, or null.</summary>
        private static ExpressionStatementSyntax? CallStatementOf(SyntaxNode? name)
        {
            var callee = name?.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == name ? memberAccess : name;
            return callee?.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee
                && invocation.Parent is ExpressionStatementSyntax statement
                ? statement
                : null;
        }

        private static async Task ReturnTaskAsync(SyntaxEditor syntaxEditor, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (syntaxEditor is not DocumentEditor editor
                || editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan) is not PredefinedTypeSyntax voidType)
            {
                return;
            }

            var task = SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                .WithTriviaFrom(voidType);
            editor.ReplaceNode(voidType, task);

            // Callers in async code of this document now await the task instead of firing and forgetting it.
            var method = await DeclaredMethodAsync(editor.OriginalDocument, diagnostic, cancellationToken).ConfigureAwait(false);
            if (method == null)
            {
                return;
            }

            foreach (var name in editor.OriginalRoot.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.ValueText == method.Name))
            {
                if (CallStatementOf(name) is { Expression: var call } statement
                    && IsInAsyncFunction(statement)
                    && SymbolEqualityComparer.Default.Equals(editor.SemanticModel.GetSymbolInfo(call, cancellationToken).Symbol?.OriginalDefinition, method.OriginalDefinition))
                {
                    editor.ReplaceNode(call, (current, _) => SyntaxFactory.AwaitExpression(((ExpressionSyntax)current).WithoutLeadingTrivia()).WithLeadingTrivia(current.GetLeadingTrivia()));
                }
            }
        }

        private static bool IsInAsyncFunction(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case AnonymousFunctionExpressionSyntax function:
                        return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    case LocalFunctionStatementSyntax localFunction:
                        return localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case MethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case LockStatementSyntax:
                        return false;
                }
            }

            return false;
        }

        private static Task ForEachLoopAsync(SyntaxEditor editor, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!TryGetCall(editor, diagnostic, out var lambda, out var invocation, out var statement)
                || invocation.Expression is not MemberAccessExpressionSyntax { Expression: var list })
            {
                return Task.CompletedTask;
            }

            var parameter = Parameter(lambda);
            var body = lambda.Block != null
                ? (BlockSyntax)new ReturnToContinue().Visit(lambda.Block)
                : SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(lambda.ExpressionBody!.WithoutTrivia()));
            var loop = SyntaxFactory.ForEachStatement(
                    parameter.Type ?? SyntaxFactory.IdentifierName("var"),
                    parameter.Identifier.WithoutTrivia(),
                    list.WithoutTrivia(),
                    body.NormalizeWhitespace(elasticTrivia: true))
                .WithTriviaFrom(statement)
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.ReplaceNode(statement, loop);
            return Task.CompletedTask;
        }

        private static Task ParallelForEachAsync(SyntaxEditor syntaxEditor, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (syntaxEditor is not DocumentEditor editor
                || !TryGetCall(editor, diagnostic, out var lambda, out var invocation, out var statement)
                || invocation.Expression is not MemberAccessExpressionSyntax memberAccess)
            {
                return Task.CompletedTask;
            }

            var taken = FreeNames.InScope(editor.SemanticModel, lambda);
            taken.Add(Parameter(lambda).Identifier.ValueText);
            var tokenName = new[] { "ct", "cancellationToken", "token" }.FirstOrDefault(n => !taken.Contains(n)) ?? "_";
            var tokenParameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(tokenName));
            var item = Parameter(lambda).WithoutTrivia();
            if (item.Type != null)
            {
                tokenParameter = tokenParameter.WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation));
            }

            var newLambda = SyntaxFactory.ParenthesizedLambdaExpression(
                    SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { item, tokenParameter })),
                    lambda.Block ?? (CSharpSyntaxNode)lambda.ExpressionBody!)
                .WithAsyncKeyword(lambda.AsyncKeyword)
                .WithArrowToken(lambda.ArrowToken)
                .WithTriviaFrom(lambda);
            var renamed = invocation
                .ReplaceNode(lambda, newLambda)
                .WithExpression(memberAccess.WithName(SyntaxFactory.IdentifierName("ForEachAsync").WithTriviaFrom(memberAccess.Name)));
            editor.ReplaceNode(statement, statement.WithExpression(
                SyntaxFactory.AwaitExpression(renamed.WithoutLeadingTrivia()).WithLeadingTrivia(invocation.GetLeadingTrivia())));
            return Task.CompletedTask;
        }

        private static bool TryGetCall(SyntaxEditor editor, Diagnostic diagnostic, out LambdaExpressionSyntax lambda, out InvocationExpressionSyntax invocation, out ExpressionStatementSyntax statement)
        {
            lambda = null!;
            invocation = null!;
            statement = null!;
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<LambdaExpressionSyntax>() is not { } found
                || found.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
                || call.Parent is not ExpressionStatementSyntax callStatement)
            {
                return false;
            }

            lambda = found;
            invocation = call;
            statement = callStatement;
            return true;
        }

        private static ParameterSyntax Parameter(LambdaExpressionSyntax lambda)
            => lambda is SimpleLambdaExpressionSyntax simple ? simple.Parameter : ((ParenthesizedLambdaExpressionSyntax)lambda).ParameterList.Parameters[0];

        /// <summary>In a loop body made from a lambda body, <c>return;</c> means <c>continue;</c>. Nested functions keep theirs.</summary>
        private sealed class ReturnToContinue : FunctionBodyRewriter
        {
            public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
                => SyntaxFactory.ContinueStatement().WithTriviaFrom(node);
        }
    }
}
