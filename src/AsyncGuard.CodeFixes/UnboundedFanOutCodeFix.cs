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

        private static Task<bool> ThrottleAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (diagnostic.AdditionalLocations.Count != 2
                || !diagnostic.Properties.TryGetValue(FixProperties.FixKind, out var kind))
            {
                return Task.FromResult(false);
            }

            var root = editor.OriginalRoot;
            var work = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            var start = root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true);
            if (start is not StatementSyntax && ExpressionBodiedMember(start) == null)
            {
                return Task.FromResult(false);
            }

            var token = Token(diagnostic);
            var hasResult = HasResult(diagnostic);
            var name = FreeNames.ForLocal(pass, start, ThrottleNames(work, start));

            if (kind == FanOutFixKinds.ThrottleSelector)
            {
                var selector = work is ArgumentSyntax argument ? argument.Expression : work as ExpressionSyntax;
                var rewritten = selector == null ? null : ThrottledSelector(editor.SemanticModel, selector, name, token, hasResult, cancellationToken);
                if (rewritten == null)
                {
                    return Task.FromResult(false);
                }

                editor.ReplaceNode(selector!, rewritten.WithTriviaFrom(selector!));
            }
            else if (kind == FanOutFixKinds.ThrottleStartedWork && start is StatementSyntax startStatement)
            {
                var started = work switch
                {
                    SelectClauseSyntax select => select.Expression,
                    ArgumentSyntax argument => argument.Expression,
                    ExpressionSyntax expression => expression,
                    _ => null,
                };
                if (started == null || !ThrottleStartedWork(pass, started, startStatement, name, token, hasResult, cancellationToken))
                {
                    return Task.FromResult(false);
                }
            }
            else
            {
                // A kind this fix does not know: change nothing rather than declare a throttle nothing uses.
                return Task.FromResult(false);
            }

            // A returned fan-out's items still use the throttle after the block ends: it is not disposed there.
            var dispose = ((CSharpParseOptions)start.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp8
                && !(diagnostic.Properties.TryGetValue(FixProperties.ThrottleOutlivesBlock, out var outlives) && outlives == "true");
            if (start is StatementSyntax statement)
            {
                var declaration = ShortNames.Apply(pass, statement, ThrottleSyntax.Declaration(name, Degree(diagnostic), statement.GetTrailingTrivia(), dispose)).WithLeadingTrivia(statement.GetLeadingTrivia());
                if (statement.Parent is GlobalStatementSyntax global)
                {
                    editor.InsertBefore(global, SyntaxFactory.GlobalStatement(declaration));
                }
                else
                {
                    editor.InsertBefore(statement, declaration);
                }
            }
            else
            {
                var declaration = ShortNames.Apply(pass, start, ThrottleSyntax.Declaration(name, Degree(diagnostic), SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed), dispose));
                editor.ReplaceNode(ExpressionBodiedMember(start)!, (current, _) => WithBlockBody(current, declaration, editor.SemanticModel, (ArrowExpressionClauseSyntax)start, cancellationToken));
            }

            return Task.FromResult(true);
        }

        /// <summary>The method or local function whose expression body <paramref name="node"/> is (<c>=> Task.WhenAll(..)</c>).</summary>
        private static SyntaxNode? ExpressionBodiedMember(SyntaxNode node)
            => node is ArrowExpressionClauseSyntax { Parent: BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow ? arrow.Parent : null;

        /// <summary>
        /// <c>Task M() => expression;</c> as <c>Task M() { throttle declaration; return expression; }</c> (a statement
        /// instead of a return where the expression has no value: <c>async Task M() => await ..;</c>).
        /// </summary>
        private static SyntaxNode WithBlockBody(SyntaxNode member, StatementSyntax declaration, SemanticModel model, ArrowExpressionClauseSyntax originalArrow, CancellationToken cancellationToken)
        {
            var arrow = member switch
            {
                BaseMethodDeclarationSyntax method => method.ExpressionBody,
                LocalFunctionStatementSyntax localFunction => localFunction.ExpressionBody,
                _ => null,
            };
            if (arrow == null)
            {
                return member;
            }

            var noValue = model.GetTypeInfo(originalArrow.Expression, cancellationToken).Type is not { } type || type.SpecialType == SpecialType.System_Void;
            var expression = arrow.Expression.WithoutTrivia();
            StatementSyntax last = noValue ? SyntaxFactory.ExpressionStatement(expression) : SyntaxFactory.ReturnStatement(expression);
            var body = SyntaxFactory.Block(declaration, last.WithAdditionalAnnotations(Formatter.Annotation)).WithAdditionalAnnotations(Formatter.Annotation);
            var beforeArrow = arrow.ArrowToken.GetPreviousToken();
            member = member.ReplaceToken(beforeArrow, beforeArrow.WithTrailingTrivia(SyntaxFactory.ElasticMarker));
            SyntaxNode rewritten = member switch
            {
                BaseMethodDeclarationSyntax method => method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body),
                LocalFunctionStatementSyntax localFunction => localFunction.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body),
                _ => member,
            };
            return rewritten.WithTrailingTrivia(member.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>
        /// The work a loop or query starts per item (<c>tasks.Add(FetchAsync(url))</c>) becomes a call of an async local
        /// function that awaits the throttle around it (<c>tasks.Add(ThrottledFetchAsync(url))</c>), declared at the end of
        /// the block that starts the fan-out. The call still starts the work on the calling thread, as the original did;
        /// no Task.Run is added. The variables the work reads that the loop declares or changes (loop and range variables,
        /// locals of the loop body, counters it moves) are passed as arguments: their values are taken when the item
        /// starts, as the original call took them, however far the loop has moved on when the work runs.
        /// </summary>
        private static bool ThrottleStartedWork(FixPass pass, ExpressionSyntax started, StatementSyntax start, string throttle, string? token, bool hasResult, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            var model = editor.SemanticModel;
            // Work that changes state itself (`SaveAsync(url + page++)`, an out argument) or awaits would do so later, or
            // more than once, inside the function: no fix.
            if (model.GetTypeInfo(started, cancellationToken).Type is not INamedTypeSymbol taskType
                || start.Parent is not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax)
                || started.DescendantNodesAndSelf().Any(n => n is AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }
                    or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }
                    or AwaitExpressionSyntax or ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None }))
            {
                return false;
            }

            var parameters = new List<ISymbol>();
            var changedByLoop = model.AnalyzeDataFlow(start) is { Succeeded: true } flow ? flow.WrittenInside : ImmutableArray<ISymbol>.Empty;
            foreach (var identifier in started.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
                if (symbol is not (ILocalSymbol or IParameterSymbol or IRangeVariableSymbol) || parameters.Contains(symbol, SymbolEqualityComparer.Default))
                {
                    continue;
                }

                var declaredInLoop = symbol.DeclaringSyntaxReferences.Any(r => start.Span.Contains(r.Span));
                if (declaredInLoop || changedByLoop.Contains(symbol, SymbolEqualityComparer.Default))
                {
                    parameters.Add(symbol);
                }
            }

            var parameterList = new List<ParameterSyntax>();
            foreach (var parameter in parameters)
            {
                var type = parameter switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol p => p.Type,
                    _ => RangeVariableType(model, started, parameter, cancellationToken),
                };

                // A ref struct (Span<T>) cannot be a parameter of an async function; an anonymous type cannot be written.
                if (type == null || type.IsRefLikeType || type.IsAnonymousType || type.TypeKind == TypeKind.Error
                    || parameter is ILocalSymbol { IsRef: true } or IParameterSymbol { RefKind: not RefKind.None })
                {
                    return false;
                }

                parameterList.Add(SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameter.Name)).WithType((TypeSyntax)editor.Generator.TypeExpression(type)));
            }

            // Before C# 8 a parameter may not reuse the name of a local of the enclosing scope.
            var languageVersion = ((CSharpParseOptions)start.SyntaxTree.Options).LanguageVersion;
            var inScope = FreeNames.InScope(model, start);
            if (languageVersion < LanguageVersion.CSharp8 && parameters.Any(p => inScope.Contains(p.Name) && !p.DeclaringSyntaxReferences.Any(r => start.Span.Contains(r.Span))))
            {
                return false;
            }

            var functionName = FreeNames.ForLocal(pass, start, FunctionNames(started, start));
            var function = SyntaxFactory.LocalFunctionStatement(
                    SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.AsyncKeyword)),
                    (TypeSyntax)editor.Generator.TypeExpression(taskType),
                    SyntaxFactory.Identifier(functionName),
                    null,
                    SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameterList)),
                    default,
                    ThrottleSyntax.Body(throttle, token, new[] { ThrottleSyntax.AwaitWork(started, hasResult, start) }, start),
                    null)
                .WithAdditionalAnnotations(Formatter.Annotation);
            function = ShortNames.Apply(pass, start, function);

            var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.IdentifierName(functionName),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(parameters.Select(p => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(p.Name))))));
            editor.ReplaceNode(started, call.WithTriviaFrom(started));

            // At the end of the block (after its last statement, a return included, as local functions usually stand);
            // in top-level statements, after the last of them.
            // A blank line before it, in the line endings the file uses. The functions of one block are added together,
            // in the order of their fixes, however many fixes of the pass write one there.
            var lineEnd = Usings.FileEndOfLine(start.SyntaxTree.GetRoot(cancellationToken));
            function = function.WithLeadingTrivia(lineEnd).WithTrailingTrivia(lineEnd);
            var container = start.Parent is GlobalStatementSyntax ? start.Parent.Parent! : start.Parent!;
            var functions = pass.Shared("local functions:" + container.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture), () =>
            {
                var added = new List<LocalFunctionStatementSyntax>();
                editor.ReplaceNode(container, (current, _) => WithFunctionsAtEnd(current, added));
                return added;
            });
            functions.Add(function);

            return true;
        }

        /// <summary>The block, switch section or top-level program with <paramref name="functions"/> after its last statement.</summary>
        private static SyntaxNode WithFunctionsAtEnd(SyntaxNode container, List<LocalFunctionStatementSyntax> functions)
        {
            switch (container)
            {
                case BlockSyntax block:
                    return block.WithStatements(block.Statements.AddRange(functions));
                case SwitchSectionSyntax section:
                    return section.WithStatements(section.Statements.AddRange(functions));
                case CompilationUnitSyntax unit:
                    var afterLast = unit.Members.IndexOf(unit.Members.OfType<GlobalStatementSyntax>().Last()) + 1;
                    return unit.WithMembers(unit.Members.InsertRange(afterLast, functions.Select(f => SyntaxFactory.GlobalStatement(f))));
                default:
                    return container;
            }
        }

        private static ITypeSymbol? RangeVariableType(SemanticModel model, ExpressionSyntax started, ISymbol rangeVariable, CancellationToken cancellationToken)
        {
            var use = started.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().FirstOrDefault(n => n.Identifier.ValueText == rangeVariable.Name);
            return use == null ? null : model.GetTypeInfo(use, cancellationToken).Type;
        }

        /// <summary>
        /// Names for the local function, best first: from the work (<c>SaveAsync(order)</c> → <c>ThrottledSaveAsync</c>);
        /// where another fan-out of the block took that, also from what the item works on (<c>SaveAsync(invoice)</c> →
        /// <c>ThrottledSaveInvoiceAsync</c>), then from what the loop walks (<c>ThrottledSaveForInvoicesAsync</c>).
        /// </summary>
        private static IEnumerable<string> FunctionNames(ExpressionSyntax started, StatementSyntax start)
        {
            var work = WorkName(started);
            yield return "Throttled" + work + "Async";
            if (started is InvocationExpressionSyntax invocation)
            {
                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    if (Noun(argument.Expression) is { } noun && noun != work)
                    {
                        yield return "Throttled" + work + noun + "Async";
                        break;
                    }
                }
            }

            if (start is CommonForEachStatementSyntax forEach && Noun(forEach.Expression) is { } walked)
            {
                yield return "Throttled" + work + "For" + walked + "Async";
            }
        }

        /// <summary>
        /// Names for the throttle, best first: <c>throttle</c>; where another fan-out of the block took that, named for what
        /// the item works on (<c>invoiceThrottle</c> for <c>SaveAsync(invoice)</c> or <c>invoice => ..</c>), then for what the
        /// loop walks (<c>refundsThrottle</c>).
        /// </summary>
        private static IEnumerable<string> ThrottleNames(SyntaxNode work, SyntaxNode start)
        {
            yield return "throttle";
            var item = work switch
            {
                SelectClauseSyntax select => select.Expression,
                ArgumentSyntax argument => argument.Expression,
                ExpressionSyntax expression => expression,
                _ => null,
            };
            var noun = item switch
            {
                SimpleLambdaExpressionSyntax simple => Noun(SyntaxFactory.IdentifierName(simple.Parameter.Identifier)),
                ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => Noun(SyntaxFactory.IdentifierName(parenthesized.ParameterList.Parameters[0].Identifier)),
                InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation => Noun(invocation.ArgumentList.Arguments[0].Expression),
                _ => null,
            };
            if (noun != null)
            {
                yield return ThrottleOf(noun);
            }

            if (start is CommonForEachStatementSyntax forEach && Noun(forEach.Expression) is { } walked)
            {
                yield return ThrottleOf(walked);
            }

            // `Invoice` → `invoiceThrottle`.
            static string ThrottleOf(string noun) => char.ToLowerInvariant(noun[0]) + noun.Substring(1) + "Throttle";
        }

        /// <summary>
        /// What an expression names, as a word of an identifier: <c>order</c>, <c>batch.Order</c>, <c>orders[i]</c>,
        /// <c>order + suffix</c> → <c>Order</c>; null for a name of fewer than three letters.
        /// </summary>
        private static string? Noun(ExpressionSyntax expression)
        {
            var name = expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
                ElementAccessExpressionSyntax elementAccess => Noun(elementAccess.Expression),
                BinaryExpressionSyntax binary => Noun(binary.Left),
                ParenthesizedExpressionSyntax parenthesized => Noun(parenthesized.Expression),
                CastExpressionSyntax cast => Noun(cast.Expression),
                _ => null,
            };
            name = name?.TrimStart('_');

            // `x`, `u`, `i`: a letter says nothing a number would not.
            return name == null || name.Length < 3 ? null : char.ToUpperInvariant(name[0]) + name.Substring(1);
        }

        /// <summary><c>FetchAsync(url)</c> → <c>Fetch</c>, for the local function's name <c>ThrottledFetchAsync</c>.</summary>
        private static string WorkName(ExpressionSyntax started)
        {
            var name = started switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax memberAccess } => memberAccess.Name.Identifier.ValueText,
                InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple.Identifier.ValueText,
                _ => "Work",
            };
            if (name.EndsWith("Async", System.StringComparison.Ordinal) && name.Length > "Async".Length)
            {
                name = name.Substring(0, name.Length - "Async".Length);
            }

            return name.Length > 0 ? char.ToUpperInvariant(name[0]) + name.Substring(1) : "Work";
        }

        /// <summary>The Select's lambda or method group as an async lambda that awaits the throttle around the work.</summary>
        private static ExpressionSyntax? ThrottledSelector(SemanticModel model, ExpressionSyntax selector, string name, string? token, bool hasResult, CancellationToken cancellationToken)
        {
            switch (selector)
            {
                case LambdaExpressionSyntax lambda:
                    var inner = InnerStatements(lambda, hasResult, selector);
                    if (inner == null)
                    {
                        return null;
                    }

                    var body = ThrottleSyntax.Body(name, token, inner, selector);
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
                        .WithBlock(ThrottleSyntax.Body(name, token, new[] { ThrottleSyntax.AwaitWork(call, hasResult, selector) }, selector))
                        .WithAdditionalAnnotations(Formatter.Annotation);
            }
        }

        /// <summary>The item's work as statements of an async body.</summary>
        private static IEnumerable<StatementSyntax>? InnerStatements(LambdaExpressionSyntax lambda, bool hasResult, SyntaxNode at)
        {
            var isAsync = lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
            if (lambda.ExpressionBody is { } expression)
            {
                if (!isAsync)
                {
                    return new[] { ThrottleSyntax.AwaitWork(expression, hasResult, at) };
                }

                return new StatementSyntax[]
                {
                    hasResult ? SyntaxFactory.ReturnStatement(expression.WithoutTrivia()) : SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()),
                };
            }

            if (lambda.Block is { } block)
            {
                var statements = isAsync ? block : (BlockSyntax)new ReturnAwaiter(hasResult, at).Visit(block);
                return statements.Statements;
            }

            return null;
        }

        private static Task<bool> ParallelForEachAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (diagnostic.AdditionalLocations.Count != 2
                || editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax whenAll)
            {
                return Task.FromResult(false);
            }

            var work = editor.OriginalRoot.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
            var selector = work is ArgumentSyntax argument ? argument.Expression : work as ExpressionSyntax;
            if (selector?.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax select } selectArguments })
            {
                return Task.FromResult(false);
            }

            ExpressionSyntax? source = select.Expression is MemberAccessExpressionSyntax memberAccess && selectArguments.Arguments.Count == 1
                ? memberAccess.Expression
                : selectArguments.Arguments.Count == 2 ? selectArguments.Arguments[0].Expression : null;
            var body = ForEachBody(editor.SemanticModel, selector, cancellationToken);
            if (source == null || body == null)
            {
                return Task.FromResult(false);
            }

            var token = Token(diagnostic);
            var options = $"new global::System.Threading.Tasks.ParallelOptions {{ MaxDegreeOfParallelism = {Degree(diagnostic)}{(token != null ? ", CancellationToken = " + token : string.Empty)} }}";
            var forEach = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Parallel.ForEachAsync"),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                    {
                        SyntaxFactory.Argument(source.WithoutTrivia()),
                        SyntaxFactory.Argument(SyntaxFactory.ParseExpression(options)),
                        SyntaxFactory.Argument(body),
                    })))
                .WithAdditionalAnnotations(Formatter.Annotation)
                .WithTriviaFrom(whenAll);
            editor.ReplaceNode(whenAll, ShortNames.Apply(pass, whenAll, forEach));
            return Task.FromResult(true);
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
                        body = isAsync ? expression : AwaitSyntax.Await(expression.WithoutTrivia(), AwaitSyntax.FollowsConfigureAwaitFalse(selector));
                    }
                    else if (lambda.Block is { } block)
                    {
                        body = isAsync ? block : (BlockSyntax)new ReturnAwaiter(hasResult: false, selector).Visit(block);
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
                    body = AwaitSyntax.Await(
                        SyntaxFactory.InvocationExpression(
                            selector.WithoutTrivia(),
                            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(name))))),
                        AwaitSyntax.FollowsConfigureAwaitFalse(selector));
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
