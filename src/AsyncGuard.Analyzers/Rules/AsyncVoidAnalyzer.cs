using System.Collections.Immutable;
using System.Linq;
using AsyncGuard.Concepts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Rules
{
    /// <summary>
    /// AG0005: async void methods and local functions that are not event handlers, and async lambdas converted to
    /// void-returning delegates (<c>List&lt;T&gt;.ForEach</c>, <c>Parallel.ForEach</c>, <c>Action</c>, timer callbacks).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncVoidAnalyzer : TaskAwareAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(RuleDescriptors.AsyncVoid);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, WellKnownSymbols types)
        {
            var eventArgs = types.EventArgs;
            start.RegisterSymbolAction(c => AnalyzeMethod(c, eventArgs), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeLocalFunction(c, eventArgs), OperationKind.LocalFunction);
            start.RegisterOperationAction(c => AnalyzeLambda(c, eventArgs, types), OperationKind.AnonymousFunction);
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol? eventArgs)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (!method.IsAsync || !method.ReturnsVoid || method.MethodKind != MethodKind.Ordinary || IsEventHandlerShape(method, eventArgs)
                || method.DeclaringSyntaxReferences.Any(r => r.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax { Body: { } body } && CatchesEverything(body)))
            {
                return;
            }

            // An override or interface implementation must keep the signature it was given.
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (method.OverriddenMethod == null && !ImplementsInterfaceMember(method))
            {
                properties = properties.Add(FixProperties.FixKind, AsyncVoidFixKinds.ReturnTask);
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(context.CancellationToken) is MethodDeclarationSyntax declaration)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        RuleDescriptors.AsyncVoid, declaration.ReturnType.GetLocation(), properties,
                        "'" + method.Name + "'", "return Task instead"));
                }
            }
        }

        private static void AnalyzeLocalFunction(OperationAnalysisContext context, INamedTypeSymbol? eventArgs)
        {
            var localFunction = (ILocalFunctionOperation)context.Operation;
            var method = localFunction.Symbol;
            if (!method.IsAsync || !method.ReturnsVoid || IsEventHandlerShape(method, eventArgs)
                || localFunction.Syntax is not LocalFunctionStatementSyntax declaration
                || (declaration.Body is { } body && CatchesEverything(body)))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.AsyncVoid, declaration.ReturnType.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(FixProperties.FixKind, AsyncVoidFixKinds.ReturnTask),
                "'" + method.Name + "'", "return Task instead"));
        }

        private static void AnalyzeLambda(OperationAnalysisContext context, INamedTypeSymbol? eventArgs, WellKnownSymbols types)
        {
            var lambda = (IAnonymousFunctionOperation)context.Operation;
            if (!lambda.Symbol.IsAsync || !lambda.Symbol.ReturnsVoid
                || lambda.Parent is not IDelegateCreationOperation creation
                || creation.Parent is IEventAssignmentOperation
                || (creation.Type as INamedTypeSymbol)?.DelegateInvokeMethod is { } invoke && IsEventHandlerShape(invoke, eventArgs)
                || (lambda.Syntax is AnonymousFunctionExpressionSyntax { Block: { } body } && CatchesEverything(body)))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var advice = "pass a delegate that returns Task";
            if (creation.Parent is IArgumentOperation { Parent: IInvocationOperation call } && lambda.Symbol.Parameters.Length == 1)
            {
                var target = call.TargetMethod;
                var isStatement = call.Parent is IExpressionStatementOperation;
                var canAwait = isStatement && AsyncContext.IsInAsyncCode(call, context.ContainingSymbol) && AsyncContext.CanInsertAwait(call.Syntax);
                if (target.Name == "ForEach" && WellKnownSymbols.Is(target.ContainingType, types.ListOfT) && call.Instance != null)
                {
                    advice = "use a foreach loop that awaits each item";
                    if (canAwait && !ReturnsFromNestedLoop(lambda.Syntax))
                    {
                        properties = properties.Add(FixProperties.FixKind, AsyncVoidFixKinds.ForEachLoop);
                    }
                }
                else if (target.Name == "ForEach" && SymbolEqualityComparer.Default.Equals(target.ContainingType, types.Parallel))
                {
                    // Parallel.ForEachAsync is .NET 6 and later; older targets await a throttled Task.WhenAll instead.
                    advice = types.HasParallelForEachAsync ? "await Parallel.ForEachAsync instead" : "start a task per item and await Task.WhenAll instead";
                    if (canAwait && types.HasParallelForEachAsync && target.Parameters[0].Type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    {
                        properties = properties.Add(FixProperties.FixKind, AsyncVoidFixKinds.ParallelForEachAsync);
                    }
                }
            }

            var location = lambda.Syntax is AnonymousFunctionExpressionSyntax function
                ? Location.Create(function.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(function.SpanStart, ArrowOrBodyStart(function)))
                : lambda.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.AsyncVoid, location, properties, "This async lambda", advice));
        }

        /// <summary>The squiggle covers the lambda's head (<c>async x =&gt;</c>), not its whole body.</summary>
        private static int ArrowOrBodyStart(AnonymousFunctionExpressionSyntax function)
            => function switch
            {
                LambdaExpressionSyntax lambda => lambda.ArrowToken.Span.End,
                AnonymousMethodExpressionSyntax method => method.Block.SpanStart,
                _ => function.Span.End,
            };

        /// <summary>A <c>return</c> inside a loop of the lambda would become a <c>continue</c> of the wrong loop.</summary>
        private static bool ReturnsFromNestedLoop(SyntaxNode lambda)
        {
            foreach (var node in lambda.DescendantNodes(n => n == lambda || !AsyncContext.IsFunctionBoundary(n)))
            {
                if (node is ReturnStatementSyntax)
                {
                    for (var parent = node.Parent; parent != null && parent != lambda; parent = parent.Parent)
                    {
                        if (parent is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The whole body is one <c>try</c> whose catch takes every exception (<c>catch</c> or <c>catch (Exception)</c>)
        /// and does not rethrow: nothing can escape to crash the process, the usual shape of a timer callback.
        /// </summary>
        private static bool CatchesEverything(BlockSyntax body)
            => body.Statements.Count == 1
                && body.Statements[0] is TryStatementSyntax tryStatement
                && tryStatement.Catches.Any(clause =>
                    (clause.Declaration == null || clause.Declaration.Type.ToString() is "Exception" or "System.Exception" or "global::System.Exception")
                    && clause.Filter == null
                    && !clause.Block.DescendantNodes().OfType<ThrowStatementSyntax>().Any());

        /// <summary><c>(object sender, EventArgs e)</c>, with any EventArgs-derived second parameter.</summary>
        private static bool IsEventHandlerShape(IMethodSymbol method, INamedTypeSymbol? eventArgs)
        {
            if (method.Parameters.Length != 2 || method.Parameters[0].Type.SpecialType != SpecialType.System_Object)
            {
                return false;
            }

            return WellKnownSymbols.IsOrDerivesFrom(method.Parameters[1].Type, eventArgs);
        }

        private static bool ImplementsInterfaceMember(IMethodSymbol method)
        {
            if (!method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return true;
            }

            foreach (var @interface in method.ContainingType.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
