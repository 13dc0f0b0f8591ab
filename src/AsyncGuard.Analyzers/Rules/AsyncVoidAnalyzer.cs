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

        private const string Crashes = "its exceptions crash the process and no caller can await it";
        private const string CaughtButNotAwaitable = "its catch keeps its exceptions in, but no caller can await it, know when it has finished or test it";

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, OnFirstUse<WellKnownSymbols> types)
        {
            start.RegisterSymbolAction(types.Symbol((c, t) => AnalyzeMethod(c, t.EventArgs)), SymbolKind.Method);
            start.RegisterOperationAction(types.Operation((c, t) => AnalyzeLocalFunction(c, t.EventArgs)), OperationKind.LocalFunction);
            start.RegisterOperationAction(types.Operation((c, t) => AnalyzeLambda(c, t.EventArgs, t)), OperationKind.AnonymousFunction);
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol? eventArgs)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (!method.IsAsync || !method.ReturnsVoid || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
            {
                return;
            }

            var declarations = method.DeclaringSyntaxReferences
                .Select(r => r.GetSyntax(context.CancellationToken))
                .OfType<MethodDeclarationSyntax>()
                .ToList();
            if (declarations.Count == 0)
            {
                return;
            }

            var catchesEverything = declarations.Any(d => d.Body is { } body && CatchesEverything(body));
            var properties = ImmutableDictionary<string, string?>.Empty;
            string explanation;
            if (SignatureFixedBy(method) is { } fixedBy)
            {
                // Returning Task is impossible: the base or interface says void. With a catch of everything around the
                // body nothing is left to change; otherwise the fix keeps its exceptions in and logs them.
                if (catchesEverything || IsEventHandlerShape(method, eventArgs))
                {
                    return;
                }

                // Nothing awaited: `async` only moves its exceptions off the caller's stack, and dropping it is the fix.
                var awaitsNothing = declarations.All(d => !Awaits(d));
                properties = properties.Add(FixProperties.FixKind, awaitsNothing ? AsyncVoidFixKinds.RemoveAsync : AsyncVoidFixKinds.CatchAndLog);
                explanation = "its exceptions crash the process, and its void signature is fixed by '" + fixedBy.ContainingType.Name + "." + fixedBy.Name
                    + (awaitsNothing ? "' so it cannot return Task; it awaits nothing, so remove async" : "' so it cannot return Task; catch and log them inside it");
            }
            else
            {
                var uses = MethodUses.Of(method.Name, MethodUses.DeclarationsOf(method.ContainingType, context.CancellationToken), context.CancellationToken);
                if ((uses & MethodUse.Subscription) != 0)
                {
                    // Subscribed to an event (or a delegate with +=): an event handler, whatever its parameters.
                    return;
                }

                if (IsEventHandlerShape(method, eventArgs))
                {
                    // The handler shape alone exempts it, since subscriptions can be out of sight (another type, XAML). Only
                    // a private one that its type never subscribes and only calls is plainly not a handler.
                    if (method.DeclaredAccessibility != Accessibility.Private || uses != MethodUse.DirectCall)
                    {
                        return;
                    }

                    explanation = "it has an event handler's parameters but is only called, never subscribed, and no caller can await it; return Task instead";
                }
                else if (catchesEverything)
                {
                    // A callback handed over as a method group (`new Timer(OnTick)`) keeps the delegate's void signature,
                    // and its catch already keeps it from crashing the process.
                    if ((uses & MethodUse.OtherReference) != 0)
                    {
                        return;
                    }

                    explanation = CaughtButNotAwaitable + "; return Task instead";
                }
                else
                {
                    explanation = Crashes + "; return Task instead";
                }

                properties = properties.Add(FixProperties.FixKind, AsyncVoidFixKinds.ReturnTask);
            }

            foreach (var declaration in declarations)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    RuleDescriptors.AsyncVoid, declaration.ReturnType.GetLocation(), properties, "'" + method.Name + "'", explanation));
            }
        }

        private static void AnalyzeLocalFunction(OperationAnalysisContext context, INamedTypeSymbol? eventArgs)
        {
            var localFunction = (ILocalFunctionOperation)context.Operation;
            var method = localFunction.Symbol;
            if (!method.IsAsync || !method.ReturnsVoid || IsEventHandlerShape(method, eventArgs)
                || localFunction.Syntax is not LocalFunctionStatementSyntax declaration
                || declaration.Parent?.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) is not { } scope)
            {
                return;
            }

            var uses = MethodUses.Of(method.Name, new[] { scope }, context.CancellationToken);
            var catchesEverything = declaration.Body is { } body && CatchesEverything(body);
            if ((uses & MethodUse.Subscription) != 0 || (catchesEverything && (uses & MethodUse.OtherReference) != 0))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.AsyncVoid, declaration.ReturnType.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(FixProperties.FixKind, AsyncVoidFixKinds.ReturnTask),
                "'" + method.Name + "'",
                catchesEverything
                    ? CaughtButNotAwaitable + "; return Task instead"
                    : Crashes + "; return Task instead"));
        }

        private static void AnalyzeLambda(OperationAnalysisContext context, INamedTypeSymbol? eventArgs, WellKnownSymbols types)
        {
            var lambda = (IAnonymousFunctionOperation)context.Operation;
            if (!lambda.Symbol.IsAsync || !lambda.Symbol.ReturnsVoid
                || lambda.Parent is not IDelegateCreationOperation creation
                || creation.Parent is IEventAssignmentOperation
                || (creation.Type as INamedTypeSymbol)?.DelegateInvokeMethod is { } invoke && IsEventHandlerShape(invoke, eventArgs))
            {
                return;
            }

            var catchesEverything = lambda.Syntax is AnonymousFunctionExpressionSyntax { Block: { } body } && CatchesEverything(body);
            var properties = ImmutableDictionary<string, string?>.Empty;
            var advice = "pass a delegate that returns Task";
            var forEach = false;
            if (creation.Parent is IArgumentOperation { Parent: IInvocationOperation call } && lambda.Symbol.Parameters.Length == 1)
            {
                var target = call.TargetMethod;
                var isStatement = call.Parent is IExpressionStatementOperation;
                var canAwait = isStatement && AsyncContext.IsInAsyncCode(call, context.ContainingSymbol) && AsyncContext.CanInsertAwait(call.Syntax);
                if (target.Name == "ForEach" && WellKnownSymbols.Is(target.ContainingType, types.ListOfT) && call.Instance != null)
                {
                    advice = "use a foreach loop that awaits each item";
                    forEach = true;
                    if (canAwait && !ReturnsFromNestedLoop(lambda.Syntax))
                    {
                        properties = properties.Add(FixProperties.FixKind, AsyncVoidFixKinds.ForEachLoop);
                    }
                }
                else if (target.Name == "ForEach" && SymbolEqualityComparer.Default.Equals(target.ContainingType, types.Parallel))
                {
                    // Parallel.ForEachAsync is .NET 6 and later; older targets await a throttled Task.WhenAll instead.
                    advice = types.HasParallelForEachAsync ? "await Parallel.ForEachAsync instead" : "start a task per item and await Task.WhenAll instead";
                    forEach = true;
                    if (canAwait && types.HasParallelForEachAsync && target.Parameters[0].Type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    {
                        properties = properties.Add(FixProperties.FixKind, AsyncVoidFixKinds.ParallelForEachAsync);
                    }
                }
            }

            // A callback whose delegate type says void (a timer's, a token registration's) and that catches everything has
            // nothing left to change; a ForEach over async lambdas still starts every item at once and awaits none.
            if (catchesEverything && !forEach)
            {
                return;
            }

            var location = lambda.Syntax is AnonymousFunctionExpressionSyntax function
                ? Location.Create(function.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(function.SpanStart, ArrowOrBodyStart(function)))
                : lambda.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.AsyncVoid, location, properties, "This async lambda", (catchesEverything ? CaughtButNotAwaitable : Crashes) + "; " + advice));
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

        /// <summary>The method's own body awaits (<c>await</c>, <c>await foreach</c>, <c>await using</c>), nested functions aside.</summary>
        private static bool Awaits(MethodDeclarationSyntax declaration)
        {
            foreach (var token in declaration.DescendantTokens(n => !AsyncContext.IsFunctionBoundary(n) || n == declaration))
            {
                if (token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AwaitKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The member whose void signature this one must keep: the one it overrides or an interface member it implements.</summary>
        private static IMethodSymbol? SignatureFixedBy(IMethodSymbol method)
        {
            if (method.OverriddenMethod != null)
            {
                return method.OverriddenMethod;
            }

            if (!method.ExplicitInterfaceImplementations.IsEmpty)
            {
                return method.ExplicitInterfaceImplementations[0];
            }

            foreach (var @interface in method.ContainingType.AllInterfaces)
            {
                foreach (var member in @interface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol interfaceMethod
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                    {
                        return interfaceMethod;
                    }
                }
            }

            return null;
        }
    }
}
