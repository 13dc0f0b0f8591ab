using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Concepts;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;

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
                RuleIds.AsyncVoid,
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".ReturnTask",
                    d => Kind(d) == AsyncVoidFixKinds.ReturnTask ? "Return Task instead of void" : null,
                    ReturnTaskAsync,
                    "Return Task instead of void",
                    NeverReferencedAsync),
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".ForEachLoop",
                    d => Kind(d) == AsyncVoidFixKinds.ForEachLoop ? "Use a foreach loop that awaits each item" : null,
                    ForEachLoopAsync,
                    "Use foreach loops that await each item"),
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".ParallelForEachAsync",
                    d => Kind(d) == AsyncVoidFixKinds.ParallelForEachAsync ? "Await Parallel.ForEachAsync" : null,
                    ParallelForEachAsync,
                    "Await Parallel.ForEachAsync"),
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".ReturnTaskAndAwait",
                    d => Kind(d) == AsyncVoidFixKinds.ReturnTask ? "Return Task and await it at every call (callers then wait for it)" : null,
                    ReturnTaskAndAwaitCallersAsync,
                    "Return Task and await it at every call",
                    OnlyAwaitableCallsAsync,
                    needsReview: true),
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".CatchAndLog",
                    d => Kind(d) == AsyncVoidFixKinds.CatchAndLog ? "Catch and log its exceptions (the void signature is fixed)" : null,
                    CatchAndLogAsync,
                    "Catch and log the exceptions of async void overrides",
                    needsReview: true),
                new FixShape(
                    nameof(AsyncVoidCodeFix) + ".RemoveAsync",
                    d => Kind(d) == AsyncVoidFixKinds.RemoveAsync ? "Remove 'async' (nothing is awaited)" : null,
                    RemoveAsyncAsync,
                    "Remove 'async' where nothing is awaited",
                    needsReview: true))
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

        /// <summary>
        /// Nothing in the solution calls or references the method, so returning a Task changes no caller: the default fix.
        /// Where callers exist, <c>async Task</c> would change them: a synchronous caller would drop the task (a crash becomes
        /// a silently unobserved exception), an async caller would have to await it (and then wait for work it used to run
        /// beside, a background loop say). That choice is left to a person.
        /// </summary>
        private static async Task<bool> NeverReferencedAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var method = await DeclaredMethodAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
            if (method == null || !CanChangeSignature(method))
            {
                return false;
            }

            foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false))
            {
                if (referenced.Locations.Any())
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Every use of the method is a call statement in async code of the same document, outside any lock-like section.</summary>
        private static async Task<bool> OnlyAwaitableCallsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var method = await DeclaredMethodAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
            if (method == null || !CanChangeSignature(method))
            {
                return false;
            }

            var any = false;
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    if (location.Document.Id != document.Id)
                    {
                        return false;
                    }

                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (CallStatementOf(node) is not { } statement || !IsInAsyncFunction(statement) || IsInReleasedSection(statement))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        /// <summary>A private method or local function: no code outside this compilation can call, override or implement it.</summary>
        private static bool CanChangeSignature(IMethodSymbol method)
            => method.MethodKind == MethodKind.LocalFunction
                || ((method.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal) && !method.IsOverride && !method.IsVirtual && !method.IsAbstract
                    && method.ExplicitInterfaceImplementations.IsEmpty);

        /// <summary>Inside <c>try { .. } finally { gate.Release(); }</c>: awaiting there would hold the gate for the whole call.</summary>
        private static bool IsInReleasedSection(SyntaxNode node)
            => node.Ancestors().OfType<TryStatementSyntax>().Any(t => t.Finally != null
                && t.Finally.Block.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(m => m.Name.Identifier.ValueText == "Release"));

        /// <summary>The statement <c>M(..);</c> whose callee is <paramref name="name"/>, or null.</summary>
        private static ExpressionStatementSyntax? CallStatementOf(SyntaxNode? name)
        {
            var callee = name?.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == name ? memberAccess : name;
            return callee?.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee
                && invocation.Parent is ExpressionStatementSyntax statement
                ? statement
                : null;
        }

        private static Task<bool> ReturnTaskAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan) is not PredefinedTypeSyntax voidType)
            {
                return Task.FromResult(false);
            }

            var task = ShortNames.Apply(pass, voidType, SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")).WithTriviaFrom(voidType);
            editor.ReplaceNode(voidType, task);
            return Task.FromResult(true);
        }

        private static async Task<bool> ReturnTaskAndAwaitCallersAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            var method = await DeclaredMethodAsync(editor.OriginalDocument, diagnostic, cancellationToken).ConfigureAwait(false);
            if (method == null || !await ReturnTaskAsync(pass, diagnostic, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            foreach (var name in editor.OriginalRoot.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.ValueText == method.Name))
            {
                if (CallStatementOf(name) is { Expression: var call }
                    && SymbolEqualityComparer.Default.Equals(editor.SemanticModel.GetSymbolInfo(call, cancellationToken).Symbol?.OriginalDefinition, method.OriginalDefinition))
                {
                    editor.ReplaceNode(call, (current, _) => SyntaxFactory.AwaitExpression(((ExpressionSyntax)current).WithoutLeadingTrivia()).WithLeadingTrivia(current.GetLeadingTrivia()));
                }
            }

            return true;
        }

        /// <summary>
        /// An override or interface implementation must stay void: its body goes into a try/catch of every exception,
        /// logged through the ILogger in scope (else <c>Trace.TraceError</c>). The process no longer ends on such an
        /// exception, which is a change of behaviour a person accepts: the fix is offered one method at a time.
        /// </summary>
        private static Task<bool> CatchAndLogAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
                || (method.Body == null && method.ExpressionBody == null))
            {
                return Task.FromResult(false);
            }

            var model = editor.SemanticModel;
            var at = (SyntaxNode?)method.Body ?? method.ExpressionBody!.Expression;
            var logger = GuardFanOutIoCodeFix.LoggerInScope(model, at, cancellationToken);
            var taken = FreeNames.InScope(model, at);
            var exception = FreeNames.Numbered("exception", taken.Contains);
            var name = method.Identifier.ValueText;
            var log = logger != null
                ? $"{logger}.LogError({exception}, \"{name} failed\");"
                : $"global::System.Diagnostics.Trace.TraceError(\"{name} failed: {{0}}\", {exception});";
            var statements = method.Body != null
                ? method.Body.Statements
                : SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.ExpressionStatement(method.ExpressionBody!.Expression.WithoutTrivia()));
            var guard = ((TryStatementSyntax)SyntaxFactory.ParseStatement($$"""
                try
                {
                }
                catch (global::System.Exception {{exception}})
                {
                    {{log}}
                }
                """)).WithBlock(SyntaxFactory.Block(statements));
            var body = ShortNames.Apply(pass, method, SyntaxFactory.Block(guard)).WithAdditionalAnnotations(Formatter.Annotation);
            var rewritten = method.ExpressionBody != null
                ? method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body)
                    .WithParameterList(method.ParameterList.WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                : method.WithBody(body.WithTriviaFrom(method.Body!));
            editor.ReplaceNode(method, rewritten);
            if (logger != null)
            {
                Usings.AddOnce(pass, "Microsoft.Extensions.Logging");
            }

            return Task.FromResult(true);
        }

        /// <summary>
        /// A void override that awaits nothing: without <c>async</c> it runs the same, and an exception reaches its caller
        /// instead of the synchronization context. Offered one method at a time, since that route changes.
        /// </summary>
        private static Task<bool> RemoveAsyncAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
                || method.Modifiers.IndexOf(SyntaxKind.AsyncKeyword) is not (var index and >= 0))
            {
                return Task.FromResult(false);
            }

            var asyncKeyword = method.Modifiers[index];
            var modifiers = method.Modifiers.RemoveAt(index);
            var rewritten = index < modifiers.Count
                ? method.WithModifiers(modifiers.Replace(modifiers[index], modifiers[index].WithLeadingTrivia(asyncKeyword.LeadingTrivia)))
                : method.WithModifiers(modifiers).WithReturnType(method.ReturnType.WithLeadingTrivia(asyncKeyword.LeadingTrivia));
            editor.ReplaceNode(method, rewritten);
            return Task.FromResult(true);
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

        private static Task<bool> ForEachLoopAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (!TryGetCall(editor, diagnostic, out var lambda, out var invocation, out var statement)
                || invocation.Expression is not MemberAccessExpressionSyntax { Expression: var list })
            {
                return Task.FromResult(false);
            }

            var parameter = Parameter(lambda);
            // The lambda's own block keeps its layout (the formatter only re-indents it); a body written from an
            // expression gets the layout of a new block.
            var body = lambda.Block != null
                ? ((BlockSyntax)new ReturnToContinue().Visit(lambda.Block)).WithoutTrivia()
                : SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(lambda.ExpressionBody!.WithoutTrivia())).NormalizeWhitespace(elasticTrivia: true);
            var loop = SyntaxFactory.ForEachStatement(
                    parameter.Type ?? SyntaxFactory.IdentifierName("var"),
                    parameter.Identifier.WithoutTrivia(),
                    list.WithoutTrivia(),
                    body.WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed))
                .WithTriviaFrom(statement)
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.ReplaceNode(statement, loop);
            return Task.FromResult(true);
        }

        private static Task<bool> ParallelForEachAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (!TryGetCall(editor, diagnostic, out var lambda, out var invocation, out var statement)
                || invocation.Expression is not MemberAccessExpressionSyntax memberAccess)
            {
                return Task.FromResult(false);
            }

            var taken = FreeNames.InScope(editor.SemanticModel, lambda);
            taken.Add(Parameter(lambda).Identifier.ValueText);
            var tokenName = new[] { "ct", "cancellationToken", "token" }.FirstOrDefault(n => !taken.Contains(n)) ?? "_";
            var tokenParameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(tokenName));
            var item = Parameter(lambda).WithoutTrivia();
            if (item.Type != null)
            {
                tokenParameter = tokenParameter.WithType(ShortNames.Apply(pass, lambda, SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken")));
            }

            // The caller's token goes to ForEachAsync, and the body uses the loop's own token instead: it is also
            // cancelled when another item fails, so the remaining items stop.
            var outerToken = CancellationTokenInScope.Find(statement, editor.SemanticModel, WellKnownSymbols.For(editor.SemanticModel.Compilation)?.CancellationToken, cancellationToken);
            var body = lambda.Block ?? (CSharpSyntaxNode)lambda.ExpressionBody!;
            if (outerToken != null && SyntaxFacts.IsValidIdentifier(outerToken) && tokenName != "_")
            {
                body = body.ReplaceNodes(
                    body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == outerToken
                        && !(n.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == n)),
                    (_, identifier) => SyntaxFactory.IdentifierName(tokenName).WithTriviaFrom(identifier));
            }

            var newLambda = SyntaxFactory.ParenthesizedLambdaExpression(
                    SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { item, tokenParameter })),
                    body)
                .WithAsyncKeyword(lambda.AsyncKeyword)
                .WithArrowToken(lambda.ArrowToken)
                .WithTriviaFrom(lambda);
            var withLambda = invocation.ReplaceNode(lambda, newLambda);
            if (outerToken != null && withLambda.ArgumentList.Arguments.Count == 2)
            {
                withLambda = withLambda.WithArgumentList(withLambda.ArgumentList.WithArguments(
                    withLambda.ArgumentList.Arguments.Insert(1, SyntaxFactory.Argument(SyntaxFactory.ParseExpression(outerToken)))));
            }

            var renamed = withLambda
                .WithExpression(memberAccess.WithName(SyntaxFactory.IdentifierName("ForEachAsync").WithTriviaFrom(memberAccess.Name)));
            editor.ReplaceNode(statement, statement.WithExpression(
                SyntaxFactory.AwaitExpression(renamed.WithoutLeadingTrivia()).WithLeadingTrivia(invocation.GetLeadingTrivia())));
            return Task.FromResult(true);
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
