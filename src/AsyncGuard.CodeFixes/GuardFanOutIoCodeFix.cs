using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuard.Concepts;
using AsyncGuard.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
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

        /// <summary>Items already guarded by this editor: several IO calls of one item share one guard.</summary>
        private static readonly ConditionalWeakTable<SyntaxEditor, HashSet<int>> Guarded = new ConditionalWeakTable<SyntaxEditor, HashSet<int>>();

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

        private static Task GuardItemAsync(SyntaxEditor syntaxEditor, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (syntaxEditor is not DocumentEditor editor
                || ItemOf(editor.OriginalRoot.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), editor.SemanticModel, cancellationToken) is not { } item
                || !Guarded.GetOrCreateValue(editor).Add(item.SpanStart))
            {
                return Task.CompletedTask;
            }

            var model = editor.SemanticModel;
            var token = CancellationTokenInScope.Find(item.Body, model, WellKnownSymbols.For(model.Compilation)?.CancellationToken, cancellationToken);
            var itemName = ItemParameter(item);
            var logger = LoggerInScope(model, item, cancellationToken);
            var filter = FailureFilter(model, item, token, cancellationToken);

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
            var body = AwaitSyntax.SimplifyNames(SyntaxFactory.Block(guard))
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
                AddUsingOnce(editor, "Microsoft.Extensions.Logging");
            }

            return Task.CompletedTask;
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
        /// <c>exception is HttpRequestException or IOException</c>: the failures of the kinds of IO the item calls, and for
        /// HTTP a timeout unless the caller asked to cancel.
        /// </summary>
        private static string FailureFilter(SemanticModel model, AnonymousFunctionExpressionSyntax item, string? token, CancellationToken cancellationToken)
        {
            var kinds = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (var invocation in item.Body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                var ns = (model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol)?.ContainingType?.ContainingNamespace?.ToDisplayString();
                switch (ns)
                {
                    case "System.Net.Http":
                        kinds.Add("System.Net.Http.HttpRequestException");
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

            var known = WellKnownSymbols.For(model.Compilation);
            var types = kinds.Where(name => known?.Resolve(name) != null).Select(name => "global::" + name).ToList();
            var filter = "exception is " + string.Join(" or ", types);
            if (token != null && kinds.Contains("System.Net.Http.HttpRequestException"))
            {
                filter += $" || (exception is global::System.OperationCanceledException && !{token}.IsCancellationRequested)";
            }

            return filter;
        }

        private static string SortKey(string ns) => (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) ? "0" : "1") + ns;

        internal static void AddUsingOnce(DocumentEditor editor, string ns)
        {
            if (editor.OriginalRoot is not CompilationUnitSyntax unit
                || unit.Usings.Any(u => u.Name?.ToString() == ns && u.Alias == null && u.StaticKeyword.IsKind(SyntaxKind.None))
                || editor.SemanticModel.Compilation.SyntaxTrees.Any(tree => tree.GetRoot().ChildNodes().OfType<UsingDirectiveSyntax>().Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Name?.ToString().Replace("global::", string.Empty) == ns))
                || !Guarded.GetOrCreateValue(editor).Add(-1))
            {
                return;
            }

            editor.ReplaceNode(unit, (current, _) =>
            {
                var currentUnit = (CompilationUnitSyntax)current;
                var usings = currentUnit.Usings;
                var endOfLine = usings.Count > 0 ? usings[usings.Count - 1].GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed);
                var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).NormalizeWhitespace().WithTrailingTrivia(endOfLine);
                var index = 0;
                // System namespaces first, then the others in order (the .NET default layout of usings).
                while (index < usings.Count && usings[index].Alias == null && string.CompareOrdinal(SortKey(usings[index].Name?.ToString() ?? string.Empty), SortKey(ns)) < 0)
                {
                    index++;
                }

                return currentUnit.WithUsings(usings.Insert(index, directive));
            });
        }
    }
}
