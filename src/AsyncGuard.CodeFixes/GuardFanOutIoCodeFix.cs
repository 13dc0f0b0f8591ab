using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// AG0004: guard a fan-out item whose IO can fail. The item's body goes into a try/catch of the IO failures its calls
    /// can raise; a failed item is logged (through the ILogger in scope, naming the item) and skipped, so the rest of the
    /// batch completes. Cancellation the caller asked for is not caught. Offered for items that yield no value: an item
    /// with a result has nothing correct to give back when it fails (see docs/rules/AG0004.md).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GuardFanOutIoCodeFix)), Shared]
    public sealed class GuardFanOutIoCodeFix : DiagnosticEditCodeFix
    {
        private const string ItemMessage = "Fan-out item {Item} failed with an IO error; it is skipped";
        private const string Message = "A fan-out item failed with an IO error; it is skipped";

        public GuardFanOutIoCodeFix()
            : base(
                RuleIds.UnguardedFanOutIo,
                new FixShape(
                    nameof(GuardFanOutIoCodeFix) + ".GuardItem",
                    d => d.Properties.TryGetValue(FixProperties.FixKind, out var kind) && kind == GuardFixKinds.WrapAwait ? "Skip and log the item when its IO fails" : null,
                    GuardItemAsync,
                    "Skip and log fan-out items whose IO fails",
                    HasGuardableItemAsync))
        {
        }

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnguardedFanOutIo);

        private static async Task<bool> HasGuardableItemAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return root != null && model != null && ItemOf(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model, cancellationToken) != null;
        }

        /// <summary>
        /// The async lambda the IO is awaited in, when it is a fan-out item (an argument of Select, ForEachAsync or Task.Run)
        /// whose task yields no value.
        /// </summary>
        private static AnonymousFunctionExpressionSyntax? ItemOf(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            var function = node.FirstAncestorOrSelf<SyntaxNode>(AsyncContext.IsFunctionBoundary);
            if (function is not (SimpleLambdaExpressionSyntax or ParenthesizedLambdaExpressionSyntax) || !((AnonymousFunctionExpressionSyntax)function).AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || function.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Select" or "ForEachAsync" or "Run" } } } }
                || model.GetSymbolInfo(function, cancellationToken).Symbol is not IMethodSymbol { ReturnType: INamedTypeSymbol { IsGenericType: false } returnType }
                || WellKnownSymbols.For(model.Compilation) is not { } types
                || !types.IsTaskOrValueTask(returnType))
            {
                return null;
            }

            return (AnonymousFunctionExpressionSyntax)function;
        }

        private static Task<bool> GuardItemAsync(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var editor = pass.Editor;
            if (ItemOf(editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), editor.SemanticModel, cancellationToken) is not { } item)
            {
                return Task.FromResult(false);
            }

            // Several IO calls of one item share one guard: the first of them in the pass writes it, the others find it
            // written (and count as applied: their item is guarded).
            if (!pass.Claim("guard:" + item.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return Task.FromResult(true);
            }

            var model = editor.SemanticModel;
            var token = CancellationTokenInScope.Find(item.Body, model, WellKnownSymbols.For(model.Compilation)?.CancellationToken, cancellationToken);
            var itemName = ItemParameter(item);
            var logger = LoggerInScope(model, item, cancellationToken);
            var filter = FailureFilter(model, item, token, cancellationToken);
            if (filter == null)
            {
                return Task.FromResult(false);
            }


            string log;
            if (logger != null)
            {
                log = itemName != null
                    ? $"{logger}.LogWarning(exception, \"{ItemMessage}\", {itemName});"
                    : $"{logger}.LogWarning(exception, \"{Message}\");";
            }
            else
            {
                log = itemName != null
                    ? $"global::System.Diagnostics.Trace.TraceWarning(\"Fan-out item {{0}} failed with an IO error; it is skipped: {{1}}\", {itemName}, exception);"
                    : $"global::System.Diagnostics.Trace.TraceWarning(\"{Message}: {{0}}\", exception);";
            }

            var statements = item.Block != null
                ? item.Block.Statements
                : SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.ExpressionStatement(((ExpressionSyntax)item.Body).WithoutTrivia()));
            var guard = (TryStatementSyntax)SyntaxFactory.ParseStatement($$"""
                try
                {
                }
                catch (global::System.Exception exception) when ({{filter}})
                {
                    {{log}}
                }
                """);
            guard = guard.WithBlock(SyntaxFactory.Block(statements));
            var body = ShortNames.Apply(pass, item, SyntaxFactory.Block(guard))
                .WithAdditionalAnnotations(Formatter.Annotation);

            editor.ReplaceNode(item, (current, _) =>
            {
                var function = (AnonymousFunctionExpressionSyntax)current;
                var arrow = function switch
                {
                    SimpleLambdaExpressionSyntax simple => simple.ArrowToken,
                    ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ArrowToken,
                    _ => default,
                };
                var rewritten = function.WithBody(body);
                rewritten = rewritten switch
                {
                    SimpleLambdaExpressionSyntax simple => simple.WithArrowToken(arrow.WithTrailingTrivia(SyntaxFactory.ElasticMarker)),
                    ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.WithArrowToken(arrow.WithTrailingTrivia(SyntaxFactory.ElasticMarker)),
                    _ => rewritten,
                };
                return rewritten.WithAdditionalAnnotations(Formatter.Annotation);
            });

            if (logger != null)
            {
                Usings.AddOnce(pass, "Microsoft.Extensions.Logging");
            }

            return Task.FromResult(true);
        }

        private static string? ItemParameter(AnonymousFunctionExpressionSyntax item)
        {
            var parameter = item switch
            {
                SimpleLambdaExpressionSyntax simple => simple.Parameter,
                ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: > 0 } parenthesized => parenthesized.ParameterList.Parameters[0],
                _ => null,
            };
            return parameter == null || parameter.Identifier.ValueText == "_" ? null : parameter.Identifier.ValueText;
        }

        /// <summary>
        /// The ILogger the item can reach: a local or parameter first, then a field, property or primary-constructor
        /// parameter of the type (instance ones only from instance code). Null when there is none.
        /// </summary>
        internal static string? LoggerInScope(SemanticModel model, SyntaxNode at, CancellationToken cancellationToken)
        {
            var loggerType = WellKnownSymbols.For(model.Compilation)?.ILogger;
            if (loggerType == null)
            {
                return null;
            }

            var inStaticCode = model.GetEnclosingSymbol(at.SpanStart, cancellationToken) is { } enclosing && IsInStaticMember(enclosing);
            var candidates = model.LookupSymbols(at.SpanStart)
                .Select(symbol => (Symbol: symbol, Type: symbol switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol parameter => parameter.Type,
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                }))
                .Where(c => c.Type != null && IsLogger(c.Type, loggerType) && !c.Symbol.IsImplicitlyDeclared && c.Symbol.CanBeReferencedByName)
                .Where(c => !(inStaticCode && c.Symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false }))
                .OrderBy(c => c.Symbol is ILocalSymbol or IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.Constructor } } ? 0 : 1)
                .ThenBy(c => c.Symbol.Name, System.StringComparer.Ordinal)
                .ToList();
            return candidates.Count > 0 ? candidates[0].Symbol.Name : null;
        }

        private static bool IsInStaticMember(ISymbol symbol)
        {
            for (var current = symbol; current != null; current = current.ContainingSymbol)
            {
                if (current is IMethodSymbol { MethodKind: not (MethodKind.LambdaMethod or MethodKind.LocalFunction) } or IPropertySymbol)
                {
                    return current.IsStatic;
                }
            }

            return false;
        }

        private static bool IsLogger(ITypeSymbol type, INamedTypeSymbol loggerType) => WellKnownSymbols.IsOrImplements(type, loggerType);

        /// <summary>
        /// <c>exception is HttpRequestException or IOException</c>: the failures of the kinds of IO the item calls (one
        /// call deep too: the IO of a method of this compilation the item calls), and for HTTP a timeout. HttpClient
        /// reports its timeout as a TaskCanceledException (an OperationCanceledException) that nobody asked for: it is a
        /// failed item like any other. Cancellation somebody did ask for must still propagate, so the filter names every
        /// token the item can see being cancelled: the token in scope and each token the item passes to a call, when it
        /// can be named in the catch (<c>!ct.IsCancellationRequested</c>). A token the item creates itself (a per-item
        /// timeout) is not named: its cancellation is the item's failure. Null when a token the item passes cannot be
        /// named in the filter (an expression with effects): no fix rather than a guess.
        /// </summary>
        private static string? FailureFilter(SemanticModel model, AnonymousFunctionExpressionSyntax item, string? token, CancellationToken cancellationToken)
        {
            var kinds = new SortedSet<string>(System.StringComparer.Ordinal);
            var known = WellKnownSymbols.For(model.Compilation);
            var calls = new List<IMethodSymbol>();
            foreach (var invocation in item.Body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method)
                {
                    calls.Add(method);
                    calls.AddRange(CallsOneLevelIn(method, model, cancellationToken));
                }
            }

            foreach (var method in calls)
            {
                var ns = method.ContainingType?.ContainingNamespace?.ToDisplayString();
                switch (ns)
                {
                    case "System.Net.Http":
                        kinds.Add("System.Net.Http.HttpRequestException");
                        break;
                    case "System.Net.Http.Json":
                        // An HTTP call. Those that read the response as JSON (GetFromJsonAsync, ReadFromJsonAsync,
                        // DeleteFromJsonAsync) deserialize from the response stream as it arrives, so a body cut short
                        // fails as an IOException (not wrapped in HttpRequestException, as a buffered read is) and a
                        // malformed payload as a JsonException. PostAsJsonAsync's JSON is the caller's own value: its
                        // JsonException (a cycle) is a bug, not an item's IO failure. The NotSupportedException of a
                        // response that is not JSON is left out: System.Text.Json throws the same type for a type it
                        // cannot handle at all, a bug that must not be logged away item by item.
                        kinds.Add("System.Net.Http.HttpRequestException");
                        if (method.Name.IndexOf("FromJson", System.StringComparison.Ordinal) >= 0)
                        {
                            kinds.Add("System.IO.IOException");
                            kinds.Add("System.Text.Json.JsonException");
                        }

                        break;
                    case "System.IO":
                    case "System.IO.Pipes":
                    case "System.Net.Security":
                        kinds.Add("System.IO.IOException");
                        break;
                    case "System.Net.Sockets":
                        kinds.Add("System.Net.Sockets.SocketException");
                        kinds.Add("System.IO.IOException");
                        break;
                    case { } name when name.StartsWith("System.Data", System.StringComparison.Ordinal) || name.StartsWith("Microsoft.Data", System.StringComparison.Ordinal) || name.StartsWith("Npgsql", System.StringComparison.Ordinal):
                        kinds.Add("System.Data.Common.DbException");
                        break;
                }
            }

            if (kinds.Count == 0)
            {
                foreach (var name in ExternalIo.FailureTypeNames)
                {
                    kinds.Add(name);
                }
            }

            var tokens = new SortedSet<string>(System.StringComparer.Ordinal);
            if (token != null)
            {
                tokens.Add(token);
            }

            if (kinds.Contains("System.Net.Http.HttpRequestException"))
            {
                foreach (var passed in TokensPassed(model, item, cancellationToken))
                {
                    if (passed == null)
                    {
                        return null;
                    }

                    tokens.Add(passed);
                }

                if (tokens.Count == 0)
                {
                    // Nobody can cancel the item: an OperationCanceledException from HttpClient is its timeout.
                    kinds.Add("System.OperationCanceledException");
                }
            }

            // `a or b` patterns need C# 9; before that, `exception is A || exception is B`.
            var patterns = ((CSharpParseOptions)item.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp9;
            var types = kinds.Where(name => known?.Resolve(name) != null).Select(name => "global::" + name).ToList();
            var filter = patterns
                ? "exception is " + string.Join(" or ", types)
                : string.Join(" || ", types.Select(type => "exception is " + type));
            if (tokens.Count > 0 && kinds.Contains("System.Net.Http.HttpRequestException"))
            {
                filter += " || (exception is global::System.OperationCanceledException"
                    + string.Concat(tokens.Select(t => " && !" + t + ".IsCancellationRequested")) + ")";
            }

            return filter;
        }

        /// <summary>The methods a method of this compilation calls (one level in), for the kinds of IO it does.</summary>
        private static IEnumerable<IMethodSymbol> CallsOneLevelIn(IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (!model.Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    continue;
                }

                var calleeModel = syntax.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(syntax.SyntaxTree);
                foreach (var invocation in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (calleeModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol called)
                    {
                        yield return called;
                    }
                }
            }
        }

        /// <summary>
        /// Each CancellationToken the item passes to a call, as the catch filter can name it: a parameter, a local or a
        /// member (or a member of one) declared outside the item's body. Tokens the item declares inside its body (a
        /// per-item timeout) and <c>default</c> / <c>CancellationToken.None</c> are left out; null for a token
        /// expression the filter cannot repeat (a call, say).
        /// </summary>
        private static IEnumerable<string?> TokensPassed(SemanticModel model, AnonymousFunctionExpressionSyntax item, CancellationToken cancellationToken)
        {
            var tokenType = WellKnownSymbols.For(model.Compilation)?.CancellationToken;
            if (tokenType == null)
            {
                yield break;
            }

            foreach (var argument in item.Body.DescendantNodesAndSelf().OfType<ArgumentSyntax>())
            {
                if (!SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(argument.Expression, cancellationToken).ConvertedType, tokenType)
                    || argument.Expression is LiteralExpressionSyntax or DefaultExpressionSyntax
                    || model.GetConstantValue(argument.Expression, cancellationToken).HasValue
                    || model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol is IPropertySymbol { IsStatic: true, Name: "None" } none
                        && SymbolEqualityComparer.Default.Equals(none.ContainingType, tokenType))
                {
                    continue;
                }

                var root = argument.Expression;
                while (root is MemberAccessExpressionSyntax memberAccess)
                {
                    root = memberAccess.Expression;
                }

                if (root is not (IdentifierNameSyntax or ThisExpressionSyntax)
                    || argument.Expression.DescendantNodesAndSelf().Any(n => n is not (MemberAccessExpressionSyntax or SimpleNameSyntax or ThisExpressionSyntax)))
                {
                    yield return null;
                    continue;
                }

                var rootSymbol = root is IdentifierNameSyntax ? model.GetSymbolInfo(root, cancellationToken).Symbol : null;
                if (rootSymbol is ILocalSymbol && rootSymbol.DeclaringSyntaxReferences.Any(r => item.Body.Span.Contains(r.Span)))
                {
                    continue;
                }

                yield return argument.Expression.WithoutTrivia().ToString();
            }
        }
    }
}
