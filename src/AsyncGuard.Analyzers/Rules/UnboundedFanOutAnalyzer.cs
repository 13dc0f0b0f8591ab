using System.Collections.Immutable;
using System.Globalization;
using AsyncGuard.Concepts;
using AsyncGuard.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Rules
{
    /// <summary>AG0003: <c>Task.WhenAll</c> over a fan-out whose size and concurrency nothing bounds.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnboundedFanOutAnalyzer : TaskAwareAnalyzer
    {
        private const int MaxSourceTextLength = 40;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(RuleDescriptors.UnboundedFanOut);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, OnFirstUse<WellKnownSymbols> types)
            => start.RegisterOperationAction(types.Operation(Analyze), OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, WellKnownSymbols types)
        {
            var whenAll = (IInvocationOperation)context.Operation;
            var name = whenAll.TargetMethod.Name;
            if (name == "ForEachAsync")
            {
                AnalyzeParallelForEach(context, whenAll, types);
                return;
            }

            // Task.WaitAll joins a fan-out as well (AG0001 turns it into an awaited WhenAll): reporting it here too keeps
            // one `dotnet format` run independent of which rule it fixes first.
            var isWaitAll = name == "WaitAll";
            if ((name != "WhenAll" && !isWaitAll) || !whenAll.TargetMethod.IsStatic || !types.IsTask(whenAll.TargetMethod.ContainingType))
            {
                return;
            }

            var fanOut = FanOut.FromWhenAll(whenAll, types, context.CancellationToken);
            var tree = whenAll.Syntax.SyntaxTree;
            if (fanOut == null
                || FanOutLimits.IsBounded(fanOut, AsyncGuardOptions.BoundedItemCount.Get(context.Options, tree), context.ContainingSymbol, context.CancellationToken)
                || FanOutLimits.IsThrottled(fanOut, context.CancellationToken))
            {
                return;
            }

            var degree = AsyncGuardOptions.MaxConcurrency.Get(context.Options, tree);
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            var additionalLocations = ImmutableArray<Location>.Empty;
            var startStatement = fanOut.StartSyntax.FirstAncestorOrSelf<StatementSyntax>();
            // `Task M(..) => Task.WhenAll(..);`: the fix gives the member a block body to declare the throttle in.
            var arrowBody = ExpressionBodyStarting(fanOut.StartSyntax, startStatement);
            // `await Task.WhenAll(..)`, also through `.ConfigureAwait(..)`: the throttle can be disposed at the end of
            // the block. `return Task.WhenAll(..)`: the items outlive the method, so the throttle is not disposed.
            var awaitedInAsyncCode = (whenAll.Parent is IAwaitOperation || whenAll.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Parent: IAwaitOperation }
                    || (isWaitAll && whenAll.Parent is IExpressionStatementOperation))
                && AsyncContext.IsInAsyncCode(whenAll, context.ContainingSymbol);
            var returned = whenAll.Parent is IReturnOperation { Syntax: ReturnStatementSyntax }
                || (arrowBody != null && whenAll.Parent is IReturnOperation && whenAll.Syntax.Parent == arrowBody);
            var fixKind = FixKindFor(fanOut);
            if (fixKind != null && (awaitedInAsyncCode || returned)
                && ((arrowBody != null && fixKind == FanOutFixKinds.ThrottleSelector) || (arrowBody == null && startStatement != null && FanOut.IsSimpleStatementContext(startStatement)))
                && AsyncContext.CanInsertAwait(fanOut.StartSyntax) && ItemTaskType(fanOut, types) is { } itemHasResult)
            {
                properties[FixProperties.FixKind] = fixKind;
                properties[FixProperties.Degree] = degree.ToString(CultureInfo.InvariantCulture);
                properties[FixProperties.ItemHasResult] = itemHasResult ? "true" : "false";
                if (!awaitedInAsyncCode)
                {
                    properties[FixProperties.ThrottleOutlivesBlock] = "true";
                }

                var token = CancellationTokenInScope.Find(whenAll.Syntax, whenAll.SemanticModel!, types.CancellationToken, context.CancellationToken);
                if (token != null)
                {
                    properties[FixProperties.CancellationToken] = token;
                }

                if (types.HasParallelForEachAsync && fanOut.Kind == FanOutKind.Select && !fanOut.CollectsResults
                    && whenAll.Arguments[0].Value.Syntax.Span.Contains(fanOut.StartSyntax.Span)
                    && whenAll.Parent?.Parent is IExpressionStatementOperation
                    && fanOut.ItemWork is IMethodReferenceOperation or IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 })
                {
                    properties[FixProperties.ParallelForEach] = "true";
                }

                additionalLocations = ImmutableArray.Create(fanOut.ItemWork.Syntax.GetLocation(), ((SyntaxNode?)arrowBody ?? startStatement!).GetLocation());
            }

            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.UnboundedFanOut,
                whenAll.Syntax.GetLocation(),
                additionalLocations,
                properties.ToImmutable(),
                "Task." + whenAll.TargetMethod.Name,
                SourceText(fanOut.Source)));
        }

        /// <summary>
        /// <c>Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = items.Count }, ..)</c> or
        /// <c>= int.MaxValue</c>: a degree that does not limit anything. (-1, the default, means the processor count for
        /// ForEachAsync.) Reported without a fix: the degree to choose is the author's.
        /// </summary>
        private static void AnalyzeParallelForEach(OperationAnalysisContext context, IInvocationOperation forEach, WellKnownSymbols types)
        {
            if (!SymbolEqualityComparer.Default.Equals(forEach.TargetMethod.ContainingType, types.Parallel) || forEach.Arguments.Length < 3)
            {
                return;
            }

            IOperation? source = null;
            IOperation? degree = null;
            foreach (var argument in forEach.Arguments)
            {
                if (argument.Parameter?.Name == "source")
                {
                    source = FanOut.Unwrap(argument.Value);
                }
                else if (argument.Parameter?.Name == "parallelOptions")
                {
                    degree = DegreeSetIn(FanOut.Unwrap(argument.Value), context.CancellationToken);
                }
            }

            if (source == null || degree == null || !FanOutLimits.DoesNotLimit(degree, context.CancellationToken)
                || FanOutLimits.IsBoundedSource(source, types, AsyncGuardOptions.BoundedItemCount.Get(context.Options, forEach.Syntax.SyntaxTree), context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.UnboundedFanOut,
                forEach.Syntax.GetLocation(),
                "Parallel.ForEachAsync with MaxDegreeOfParallelism " + FanOut.Unwrap(degree).Syntax,
                SourceText(source)));
        }

        /// <summary>The value given to <c>MaxDegreeOfParallelism</c> in the options' initializer (inline or through a local).</summary>
        private static IOperation? DegreeSetIn(IOperation options, System.Threading.CancellationToken cancellationToken)
        {
            if (options is ILocalReferenceOperation local && OperationShapes.InitialValue(local, cancellationToken) is { } initial)
            {
                options = FanOut.Unwrap(initial);
            }

            if (options is IObjectCreationOperation { Initializer: { } initializer })
            {
                foreach (var assignment in initializer.Initializers)
                {
                    if (assignment is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "MaxDegreeOfParallelism" } } set)
                    {
                        return set.Value;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The expression body of a method or local function the fan-out starts in directly (no function in between,
        /// and no statement of its own nearer), or null.
        /// </summary>
        private static ArrowExpressionClauseSyntax? ExpressionBodyStarting(SyntaxNode start, StatementSyntax? startStatement)
        {
            for (var current = start.Parent; current != null; current = current.Parent)
            {
                if (current is ArrowExpressionClauseSyntax { Parent: BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax } arrow)
                {
                    return startStatement == null || !arrow.Span.Contains(startStatement.Span) ? arrow : null;
                }

                if (current == startStatement || AsyncContext.IsFunctionBoundary(current))
                {
                    return null;
                }
            }

            return null;
        }

        private static string? FixKindFor(FanOut fanOut)
            => fanOut.Kind switch
            {
                FanOutKind.Select when fanOut.ItemWork is IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 }
                    || fanOut.ItemWork is IMethodReferenceOperation { Method.Parameters.Length: 1 } => FanOutFixKinds.ThrottleSelector,
                FanOutKind.QuerySelect => FanOutFixKinds.ThrottleStartedWork,

                // foreach gives each item its own variable; a for loop's variables are copied per iteration by the fix.
                // A while loop's state can be anything, so it gets no fix.
                FanOutKind.Loop when fanOut.Loop is IForEachLoopOperation or IForLoopOperation => FanOutFixKinds.ThrottleStartedWork,
                _ => null,
            };

        /// <summary>Whether each started task is a Task&lt;T&gt; (true) or a Task (false); null for anything else.</summary>
        private static bool? ItemTaskType(FanOut fanOut, WellKnownSymbols types)
        {
            var type = fanOut.ItemWork switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol.ReturnType,
                IMethodReferenceOperation reference => reference.Method.ReturnType,
                var started => started.Type,
            };

            if (type?.OriginalDefinition is { } definition && SymbolEqualityComparer.Default.Equals(definition, types.TaskOfT))
            {
                return true;
            }

            return SymbolEqualityComparer.Default.Equals(type, types.Task) ? false : null;
        }

        private static string SourceText(IOperation source)
        {
            var text = source is ILoopOperation loop ? loop.Syntax.GetFirstToken().ValueText + " loop" : source.Syntax.ToString();
            text = text.Replace("\r", " ").Replace("\n", " ");
            return text.Length > MaxSourceTextLength ? text.Substring(0, MaxSourceTextLength - 3) + "..." : text;
        }
    }
}
