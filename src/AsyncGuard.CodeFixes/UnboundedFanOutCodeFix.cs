using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Options;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// AG0003: throttle a fan-out with a SemaphoreSlim around each item's work, or, where no results are collected,
    /// run it with Parallel.ForEachAsync and a MaxDegreeOfParallelism.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnboundedFanOutCodeFix)), Shared]
    public sealed class UnboundedFanOutCodeFix : DiagnosticEditCodeFix
    {
        private const string ThrottleKey = nameof(UnboundedFanOutCodeFix) + ".Throttle";
        private const string ParallelKey = nameof(UnboundedFanOutCodeFix) + ".ParallelForEachAsync";

        public UnboundedFanOutCodeFix()
            : base(
                RuleIds.UnboundedFanOut,
                new FixShape(
                    ThrottleKey,
                    d => d.Properties.TryGetValue(FixProperties.FixKind, out var kind) && kind != null ? "Throttle with a SemaphoreSlim (" + Degree(d) + " at once)" : null,
                    ThrottleAsync,
                    "Throttle fan-outs with a SemaphoreSlim"),
                new FixShape(
                    ParallelKey,
                    d => d.Properties.TryGetValue(FixProperties.ParallelForEach, out var p) && p == "true" ? "Use Parallel.ForEachAsync (" + Degree(d) + " at once)" : null,
                    ParallelForEachAsync,
                    "Use Parallel.ForEachAsync for fan-outs"))
        {
        }

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnboundedFanOut);

        private static string Degree(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(FixProperties.Degree, out var degree) && degree != null ? degree : AsyncGuardOptions.MaxConcurrency.DefaultText;

        private static string? Token(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(FixProperties.CancellationToken, out var token) ? token : null;

        private static bool HasResult(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(FixProperties.ItemHasResult, out var value) && value == "true";

        private static Task ThrottleAsync(SyntaxEditor syntaxEditor, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (syntaxEditor is not DocumentEditor editor
                || diagnostic.AdditionalLocations.Count != 2
                || !diagnostic.Properties.TryGetValue(FixProperties.FixKind, out var kind))
            {
                return Task.CompletedTask;
            }

            var root = editor.OriginalRoot;
            var work = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            if (root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan) is not StatementSyntax start)
            {
                return Task.CompletedTask;
            }

            var name = FreeNames.ForLocal(editor, start, "throttle");
            var token = Token(diagnostic);
            var hasResult = HasResult(diagnostic);

            if (kind == FanOutFixKinds.ThrottleSelector)
            {
                var selector = work is ArgumentSyntax argument ? argument.Expression : work as ExpressionSyntax;
                var rewritten = selector == null ? null : ThrottledSelector(editor.SemanticModel, selector, name, token, hasResult, cancellationToken);
                if (rewritten == null)
                {
                    return Task.CompletedTask;
                }

                editor.ReplaceNode(selector!, rewritten.WithTriviaFrom(selector!));
            }
            else if (kind == FanOutFixKinds.ThrottleStartedWork)
            {
                var started = work switch
                {
                    SelectClauseSyntax select => select.Expression,
                    ArgumentSyntax argument => argument.Expression,
                    ExpressionSyntax expression => expression,
                    _ => null,
                };
                if (started == null)
                {
                    return Task.CompletedTask;
                }

                if (!CopyForLoopVariables(editor, started, out var copies))
                {
                    return Task.CompletedTask;
                }

                editor.ReplaceNode(started, (current, _) =>
                {
                    var work = (ExpressionSyntax)current;
                    foreach (var (variable, copy) in copies)
                    {
                        work = work.ReplaceNodes(
                            work.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == variable && !IsMemberName(n)),
                            (_, identifier) => SyntaxFactory.IdentifierName(copy).WithTriviaFrom(identifier));
                    }

                    return ThrottledTaskRun(work, name, token, hasResult).WithTriviaFrom(current);
                });
            }
            else
            {
                // A kind this fix does not know: change nothing rather than declare a throttle nothing uses.
                return Task.CompletedTask;
            }

            // A returned fan-out's items still use the throttle after the block ends: it is not disposed there.
            var dispose = ((CSharpParseOptions)start.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8
                && !(diagnostic.Properties.TryGetValue(FixProperties.ThrottleOutlivesBlock, out var outlives) && outlives == "true");
            editor.InsertBefore(start, ThrottleSyntax.Declaration(name, Degree(diagnostic), start.GetTrailingTrivia(), dispose).WithLeadingTrivia(start.GetLeadingTrivia()));
            return Task.CompletedTask;
        }

        /// <summary>
        /// In a <c>for</c> loop the started work runs later, after the loop variable moved on: copy each loop variable it
        /// reads into a local of the iteration (<c>var iCopy = i;</c>) just before the statement that starts it.
        /// </summary>
        private static bool CopyForLoopVariables(DocumentEditor editor, ExpressionSyntax started, out List<(string Variable, string Copy)> copies)
        {
            copies = new List<(string, string)>();
            var loop = started.FirstAncestorOrSelf<ForStatementSyntax>();
            if (loop?.Declaration == null)
            {
                return true;
            }

            var read = new HashSet<string>(started.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Where(n => !IsMemberName(n)).Select(n => n.Identifier.ValueText));
            var statement = started.FirstAncestorOrSelf<StatementSyntax>();
            if (statement == null || statement.Parent is not BlockSyntax)
            {
                // The copy needs a block to live in next to the statement; a loop body without braces gets none.
                return !loop.Declaration.Variables.Any(v => read.Contains(v.Identifier.ValueText));
            }

            foreach (var variable in loop.Declaration.Variables.Where(v => read.Contains(v.Identifier.ValueText)))
            {
                var copy = FreeNames.ForLocal(editor, statement, variable.Identifier.ValueText + "Copy");
                copies.Add((variable.Identifier.ValueText, copy));
                editor.InsertBefore(statement, SyntaxFactory.ParseStatement($"var {copy} = {variable.Identifier.ValueText};")
                    .WithLeadingTrivia(statement.GetLeadingTrivia())
                    .WithTrailingTrivia(statement.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation));
            }

            return true;
        }

        /// <summary><c>x.i</c>: the <c>i</c> there names a member, not the loop variable.</summary>
        private static bool IsMemberName(IdentifierNameSyntax name)
            => name.Parent is MemberAccessExpressionSyntax memberAccess && memberAccess.Name == name
                || name.Parent is NameColonSyntax or NameEqualsSyntax;

        /// <summary>The Select's lambda or method group as an async lambda that awaits the throttle around the work.</summary>
        private static ExpressionSyntax? ThrottledSelector(SemanticModel model, ExpressionSyntax selector, string name, string? token, bool hasResult, CancellationToken cancellationToken)
        {
            switch (selector)
            {
                case LambdaExpressionSyntax lambda:
                    var inner = InnerStatements(lambda, hasResult);
                    if (inner == null)
                    {
                        return null;
                    }

                    var body = ThrottleSyntax.Body(name, token, inner);
                    var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
                    var arrow = lambda.ArrowToken.WithTrailingTrivia(SyntaxFactory.ElasticMarker);
                    ExpressionSyntax? rewritten = lambda switch
                    {
                        SimpleLambdaExpressionSyntax simple => simple.WithExpressionBody(null).WithBlock(body).WithAsyncKeyword(asyncKeyword).WithArrowToken(arrow),
                        ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithExpressionBody(null).WithBlock(body).WithAsyncKeyword(asyncKeyword).WithArrowToken(arrow),
                        _ => null,
                    };
                    return rewritten?.WithAdditionalAnnotations(Formatter.Annotation);

                default:
                    // A method group: `FetchAsync` → `async url => { ... return await FetchAsync(url); ... }`.
                    if (MethodOf(model, selector, cancellationToken) is not { } target)
                    {
                        return null;
                    }

                    var parameterName = FreeNames.Numbered(target.Parameters.FirstOrDefault()?.Name ?? "item", FreeNames.InScope(model, selector).Contains);
                    var call = SyntaxFactory.InvocationExpression(
                        selector.WithoutTrivia(),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(parameterName)))));
                    return SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameterName)))
                        .WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithBlock(ThrottleSyntax.Body(name, token, new[] { ThrottleSyntax.AwaitWork(call, hasResult) }))
                        .WithAdditionalAnnotations(Formatter.Annotation);
            }
        }

        /// <summary>The item's work as statements of an async body.</summary>
        private static IEnumerable<StatementSyntax>? InnerStatements(LambdaExpressionSyntax lambda, bool hasResult)
        {
            var isAsync = lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
            if (lambda.ExpressionBody is { } expression)
            {
                if (!isAsync)
                {
                    return new[] { ThrottleSyntax.AwaitWork(expression, hasResult) };
                }

                return new StatementSyntax[]
                {
                    hasResult ? SyntaxFactory.ReturnStatement(expression.WithoutTrivia()) : SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()),
                };
            }

            if (lambda.Block is { } block)
            {
                var statements = isAsync ? block : (BlockSyntax)new ReturnAwaiter(hasResult).Visit(block);
                return statements.Statements;
            }

            return null;
        }

        /// <summary><c>Task.Run(async () => { await throttle.WaitAsync(ct); try { return await work; } finally { throttle.Release(); } })</c>.</summary>
        private static ExpressionSyntax ThrottledTaskRun(ExpressionSyntax work, string name, string? token, bool hasResult)
        {
            var lambda = SyntaxFactory.ParenthesizedLambdaExpression()
                .WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithBlock(ThrottleSyntax.Body(name, token, new[] { ThrottleSyntax.AwaitWork(work, hasResult) }));
            var taskRun = SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task.Run")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            return SyntaxFactory.InvocationExpression(taskRun, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(lambda))))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static Task ParallelForEachAsync(SyntaxEditor syntaxEditor, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (syntaxEditor is not DocumentEditor editor
                || diagnostic.AdditionalLocations.Count != 2
                || editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax whenAll)
            {
                return Task.CompletedTask;
            }

            var work = editor.OriginalRoot.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            var selector = work is ArgumentSyntax argument ? argument.Expression : work as ExpressionSyntax;
            if (selector?.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax select } selectArguments })
            {
                return Task.CompletedTask;
            }

            ExpressionSyntax? source = select.Expression is MemberAccessExpressionSyntax memberAccess && selectArguments.Arguments.Count == 1
                ? memberAccess.Expression
                : selectArguments.Arguments.Count == 2 ? selectArguments.Arguments[0].Expression : null;
            var body = ForEachBody(editor.SemanticModel, selector, cancellationToken);
            if (source == null || body == null)
            {
                return Task.CompletedTask;
            }

            var token = Token(diagnostic);
            var options = $"new global::System.Threading.Tasks.ParallelOptions {{ MaxDegreeOfParallelism = {Degree(diagnostic)}{(token != null ? ", CancellationToken = " + token : string.Empty)} }}";
            var forEach = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Parallel.ForEachAsync").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                    {
                        SyntaxFactory.Argument(source.WithoutTrivia()),
                        SyntaxFactory.Argument(ParallelOptions(options)),
                        SyntaxFactory.Argument(body),
                    })))
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Formatter.Annotation)
                .WithTriviaFrom(whenAll);
            editor.ReplaceNode(whenAll, forEach);
            return Task.CompletedTask;
        }

        private static ExpressionSyntax ParallelOptions(string text)
        {
            var creation = (ObjectCreationExpressionSyntax)SyntaxFactory.ParseExpression(text);
            return creation.WithType(creation.Type.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        }

        /// <summary>The Select's work as a Parallel.ForEachAsync body: <c>async (item, _) => ...</c>.</summary>
        private static ExpressionSyntax? ForEachBody(SemanticModel model, ExpressionSyntax selector, CancellationToken cancellationToken)
        {
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            var discard = SyntaxFactory.Parameter(SyntaxFactory.Identifier("_"));
            ParameterSyntax parameter;
            CSharpSyntaxNode body;
            switch (selector)
            {
                case SimpleLambdaExpressionSyntax or ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 }:
                    var lambda = (LambdaExpressionSyntax)selector;
                    parameter = lambda is SimpleLambdaExpressionSyntax simple ? simple.Parameter : ((ParenthesizedLambdaExpressionSyntax)lambda).ParameterList.Parameters[0];
                    if (parameter.Type != null)
                    {
                        discard = discard.WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation));
                    }

                    var isAsync = lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    if (lambda.ExpressionBody is { } expression)
                    {
                        body = isAsync ? expression : AwaitSyntax.Await(expression.WithoutTrivia());
                    }
                    else if (lambda.Block is { } block)
                    {
                        body = isAsync ? block : (BlockSyntax)new ReturnAwaiter(hasResult: false).Visit(block);
                    }
                    else
                    {
                        return null;
                    }

                    break;

                default:
                    if (MethodOf(model, selector, cancellationToken) is not { } method)
                    {
                        return null;
                    }

                    var name = FreeNames.Numbered(method.Parameters.FirstOrDefault()?.Name ?? "item", FreeNames.InScope(model, selector).Contains);
                    parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name));
                    body = AwaitSyntax.Await(SyntaxFactory.InvocationExpression(
                        selector.WithoutTrivia(),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(name))))));
                    break;
            }

            return SyntaxFactory.ParenthesizedLambdaExpression(
                    SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { parameter.WithoutTrivia(), discard })),
                    body.WithoutLeadingTrivia())
                .WithAsyncKeyword(asyncKeyword)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>The method a method group names (a group of one overload binds as a candidate).</summary>
        private static IMethodSymbol? MethodOf(SemanticModel model, ExpressionSyntax methodGroup, CancellationToken cancellationToken)
        {
            var info = model.GetSymbolInfo(methodGroup, cancellationToken);
            return (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) as IMethodSymbol;
        }
    }
}
