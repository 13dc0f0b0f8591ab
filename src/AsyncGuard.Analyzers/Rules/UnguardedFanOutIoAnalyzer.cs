using System.Collections.Immutable;
using AsyncGuard.Concepts;
using AsyncGuard.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Rules
{
    /// <summary>
    /// AG0004: external IO awaited (or returned as the item's task) inside a fan-out item with no catch of its
    /// failures, so one failing item throws away the results of all the others. Follows a method group or a called
    /// method of the same compilation one level deep. The scope option widens it to loops or all async code.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnguardedFanOutIoAnalyzer : TaskAwareAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(RuleDescriptors.UnguardedFanOutIo);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, OnFirstUse<WellKnownSymbols> types)
        {
            var state = types.Then(t =>
            {
                var extra = ImmutableArray.CreateBuilder<string>();
                foreach (var value in AsyncGuardOptions.ExternalIoTypes.DistinctValues(start.Options, start.Compilation))
                {
                    extra.AddRange(AsyncGuardOptions.ExternalIoTypes.Names(value));
                }

                return new CompilationState(t, new ExternalIo(t, extra.ToImmutable()));
            });
            start.RegisterOperationAction(state.Operation(AnalyzeJoin), OperationKind.Invocation);
            start.RegisterOperationAction(state.Operation(AnalyzeWiderScope), OperationKind.Await);
        }

        /// <summary>The scope option: "fan_out" (default), "loops" or "everywhere".</summary>
        private static string Scope(AnalyzerOptions options, SyntaxTree tree) => AsyncGuardOptions.GuardScope.Get(options, tree);

        private static void AnalyzeJoin(OperationAnalysisContext context, CompilationState state)
        {
            var types = state.Types;
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            IOperation? work = null;
            // A fan-out AG0003 calls bounded (a few items fixed in the code, a pool of workers, a broadcast to the class's
            // services) is a fixed group of calls, like Task.WhenAll(a, b): how it fails together is the author's design.
            // The bound is read only for the joins themselves: an options lookup per call cost most of this rule.
            if (method.Name == "WhenAll" && method.IsStatic && types.IsTask(method.ContainingType))
            {
                var fanOut = FanOut.FromWhenAll(invocation, types, context.CancellationToken);
                if (fanOut != null && !FanOutLimits.IsBounded(fanOut, MaxItems(context, invocation), context.ContainingSymbol, context.CancellationToken))
                {
                    work = fanOut.ItemWork;
                }
            }
            else if (method.Name == "ForEachAsync" && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Parallel) && invocation.Arguments.Length > 0)
            {
                var source = FanOut.Unwrap(invocation.Arguments[0].Value);
                if (!FanOutLimits.IsBoundedSource(source, types, MaxItems(context, invocation), context.CancellationToken)
                    && !FanOutLimits.IsBroadcastToServices(source.Type, context.ContainingSymbol, context.CancellationToken))
                {
                    work = FanOut.Unwrap(invocation.Arguments[invocation.Arguments.Length - 1].Value);
                }
            }

            if (work != null)
            {
                ExamineItem(context, work, state);
            }
        }

        private static int MaxItems(OperationAnalysisContext context, IOperation operation)
            => AsyncGuardOptions.BoundedItemCount.Get(context.Options, operation.Syntax.SyntaxTree);

        private static void ExamineItem(OperationAnalysisContext context, IOperation work, CompilationState state)
        {
            var (types, io) = (state.Types, state.Io);
            var model = work.SemanticModel!;
            switch (work)
            {
                case IAnonymousFunctionOperation lambda:
                    if (lambda.Body.Operations.Length == 1 && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
                        && !lambda.Symbol.IsAsync && io.IsIoCall(returned, types))
                    {
                        // `url => http.GetStringAsync(url)`: the item's task is the IO itself.
                        Report(context, returned.Syntax, Display(returned), fixKind: null);
                        return;
                    }

                    ExamineBody(context, lambda.Body, lambda.Syntax, state);
                    break;

                case IMethodReferenceOperation reference:
                    if (io.IsIoMethod(reference.Method, reference.Instance is { } receiver ? FanOut.Unwrap(receiver).Type : null, types))
                    {
                        Report(context, reference.Syntax, reference.Method.ContainingType.Name + "." + reference.Method.Name, fixKind: null);
                    }
                    else if (state.FirstUnguardedIoIn(reference.Method, model, context.CancellationToken) is { } inner)
                    {
                        Report(context, reference.Syntax, reference.Method.Name + " (which awaits " + inner.Display + ")", fixKind: null);
                    }

                    break;

                case IInvocationOperation started:
                    if (io.IsIoCall(started, types))
                    {
                        Report(context, started.Syntax, Display(started), fixKind: null);
                    }
                    else if (started.TargetMethod.Name == "Run" && types.IsTask(started.TargetMethod.ContainingType)
                        && started.Arguments.Length > 0 && FanOut.Unwrap(started.Arguments[0].Value) is IAnonymousFunctionOperation runLambda)
                    {
                        ExamineBody(context, runLambda.Body, runLambda.Syntax, state);
                    }
                    else if (state.FirstUnguardedIoIn(started.TargetMethod, model, context.CancellationToken) is { } inner)
                    {
                        Report(context, started.Syntax, started.TargetMethod.Name + " (which awaits " + inner.Display + ")", fixKind: null);
                    }

                    break;
            }
        }

        /// <summary>Reports each unguarded IO await in a body, and calls into this compilation's methods that await IO unguarded.</summary>
        private static void ExamineBody(OperationAnalysisContext context, IOperation body, SyntaxNode boundary, CompilationState state)
        {
            var (types, io) = (state.Types, state.Io);
            var model = body.SemanticModel!;
            foreach (var operation in body.Descendants())
            {
                if (operation is IAwaitOperation awaitOperation
                    && io.Classify(awaitOperation.Operation) is var failures && failures != IoFailures.None
                    && !io.IsGuarded(awaitOperation.Syntax, boundary, failures, model, context.CancellationToken))
                {
                    Report(context, awaitOperation.Syntax, Display(awaitOperation.Operation), GuardFixKinds.WrapAwait);
                }
                else if (operation is IInvocationOperation call
                    && call.TargetMethod.DeclaringSyntaxReferences.Length > 0
                    && state.FirstUnguardedIoIn(call.TargetMethod, model, context.CancellationToken) is { } inner
                    && !io.IsGuarded(call.Syntax, boundary, inner.Failures, model, context.CancellationToken))
                {
                    // One call deep: the guard goes around the item's body, where the call's failure arrives.
                    Report(context, call.Syntax, call.TargetMethod.Name + " (which awaits " + inner.Display + ")", GuardFixKinds.WrapAwait);
                }
            }
        }

        /// <summary>With the scope option at "loops" or "everywhere": IO awaited unguarded in loops, or anywhere in async code.</summary>
        private static void AnalyzeWiderScope(OperationAnalysisContext context, CompilationState state)
        {
            var (types, io) = (state.Types, state.Io);
            var awaitOperation = (IAwaitOperation)context.Operation;
            var scope = Scope(context.Options, awaitOperation.Syntax.SyntaxTree);
            var failures = scope == "fan_out" ? IoFailures.None : io.Classify(awaitOperation.Operation);
            if (failures == IoFailures.None)
            {
                return;
            }

            SyntaxNode? boundary = null;
            var inLoop = false;
            for (var current = awaitOperation.Syntax.Parent; current != null; current = current.Parent)
            {
                if (current is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                {
                    inLoop = true;
                }

                if (AsyncContext.IsFunctionBoundary(current))
                {
                    boundary = current;
                    break;
                }
            }

            // Fan-out items are reported from their join; do not report them twice.
            if (boundary == null || IsFanOutItem(boundary) || (scope == "loops" && !inLoop)
                || io.IsGuarded(awaitOperation.Syntax, boundary, failures, awaitOperation.SemanticModel!, context.CancellationToken))
            {
                return;
            }

            Report(context, awaitOperation.Syntax, Display(awaitOperation.Operation), GuardFixKinds.WrapAwait);
        }

        private static bool IsFanOutItem(SyntaxNode function)
            => function is AnonymousFunctionExpressionSyntax
                && function.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Select" or "ForEachAsync" or "Run" } } } };

        private static void Report(OperationAnalysisContext context, SyntaxNode node, string what, string? fixKind)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            if (fixKind != null && AsyncContext.CanInsertAwait(node))
            {
                properties[FixProperties.FixKind] = fixKind;
            }

            context.ReportDiagnostic(Diagnostic.Create(RuleDescriptors.UnguardedFanOutIo, node.GetLocation(), properties.ToImmutable(), "'" + what + "'"));
        }

        private static string Display(IOperation operation)
        {
            operation = OperationShapes.StripConfigureAwait(operation);
            return operation is IInvocationOperation invocation
                ? invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name
                : operation.Syntax.ToString();
        }

        /// <summary>What the rule resolves once per compilation, and what it learns about methods as it goes.</summary>
        private sealed class CompilationState
        {
            /// <summary>
            /// Per method of this compilation, the first IO it awaits unguarded (or none): a helper called from many
            /// fan-outs is walked once.
            /// </summary>
            private readonly System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, (string Display, IoFailures Failures)?> _firstUnguardedIo =
                new System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, (string Display, IoFailures Failures)?>(SymbolEqualityComparer.Default);

            public CompilationState(WellKnownSymbols types, ExternalIo io)
            {
                Types = types;
                Io = io;
            }

            public WellKnownSymbols Types { get; }

            public ExternalIo Io { get; }

            /// <summary>
            /// One level into a method of this compilation: the first IO call it awaits unguarded (how the report names it,
            /// and what a catch around the call must handle), or null.
            /// </summary>
            public (string Display, IoFailures Failures)? FirstUnguardedIoIn(IMethodSymbol method, SemanticModel current, System.Threading.CancellationToken cancellationToken)
                => _firstUnguardedIo.GetOrAdd(method.OriginalDefinition, m => Find(m, current, cancellationToken));

            private (string Display, IoFailures Failures)? Find(IMethodSymbol method, SemanticModel current, System.Threading.CancellationToken cancellationToken)
            {
                foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
                {
                    var syntax = reference.GetSyntax(cancellationToken);
                    if (!current.Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                    {
                        continue;
                    }

                    var model = SemanticModels.For(current, syntax.SyntaxTree);
                    foreach (var node in syntax.DescendantNodes(n => n == syntax || !AsyncContext.IsFunctionBoundary(n)))
                    {
                        if (node is AwaitExpressionSyntax awaitSyntax
                            && model.GetOperation(awaitSyntax, cancellationToken) is IAwaitOperation awaitOperation
                            && Io.Classify(awaitOperation.Operation) is var failures && failures != IoFailures.None
                            && !Io.IsGuarded(awaitSyntax, syntax, failures, model, cancellationToken))
                        {
                            return (Display(awaitOperation.Operation), failures);
                        }
                    }
                }

                return null;
            }
        }
    }
}
