using System.Collections.Immutable;
using System.Linq;
using AsyncGuard.Concepts;
using AsyncGuard.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Rules
{
    /// <summary>
    /// AG0001: <c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c> and
    /// <c>Task.WaitAny</c> in async code.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BlockingTaskAnalyzer : TaskAwareAnalyzer
    {
        private const string AwaitAdvice = "await the task instead";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(RuleDescriptors.BlockingTask);

        private protected override void OnCompilationStart(CompilationStartAnalysisContext start, OnFirstUse<WellKnownSymbols> types)
        {
            // The dual-path check's caches are filled as it is asked: making them costs an allocation, not a lookup.
            var dual = new DualSyncAsyncPath();
            start.RegisterOperationAction(types.Operation((c, t) => AnalyzeResult(c, t, dual)), OperationKind.PropertyReference);
            start.RegisterOperationAction(types.Operation((c, t) => AnalyzeInvocation(c, t, dual)), OperationKind.Invocation);
        }

        private static void AnalyzeResult(OperationAnalysisContext context, WellKnownSymbols types, DualSyncAsyncPath dual)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            if (reference.Property.Name != "Result"
                || reference.Instance == null
                || !types.IsTaskWithResult(reference.Property.ContainingType))
            {
                return;
            }

            Report(context, types, dual, reference.Instance, reference.Syntax, BlockingFixKinds.AwaitReceiver, AwaitAdvice, "Result");
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, WellKnownSymbols types, DualSyncAsyncPath dual)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Wait" when !method.IsStatic && invocation.Instance != null && types.IsTask(method.ContainingType):
                    AnalyzeWait(context, dual, invocation, invocation.Instance, types);
                    break;

                case "GetResult" when !method.IsStatic && types.IsTaskAwaiter(method.ContainingType)
                    && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable }
                    && types.IsTaskLike(OperationShapes.StripConfigureAwait(awaitable).Type):
                    Report(context, types, dual, awaitable, invocation.Syntax, BlockingFixKinds.AwaitReceiver, AwaitAdvice, "GetAwaiter().GetResult()");
                    break;

                case "WaitAll" or "WaitAny" when method.IsStatic && types.IsTask(method.ContainingType):
                    AnalyzeWaitAllOrAny(context, dual, invocation, types);
                    break;
            }
        }

        private static void AnalyzeWait(OperationAnalysisContext context, DualSyncAsyncPath dual, IInvocationOperation invocation, IOperation instance, WellKnownSymbols types)
        {
            var timeout = false;
            var cancellationIndex = -1;
            foreach (var argument in invocation.Arguments)
            {
                if (IsCancellationToken(argument.Parameter?.Type, types))
                {
                    cancellationIndex = SyntaxIndex(argument);
                }
                else
                {
                    timeout = true;
                }
            }

            if (timeout)
            {
                // Wait(timeout) returns false on timeout and throws on failure; no awaited form keeps both.
                Report(context, types, dual, instance, invocation.Syntax, fixKind: null,
                    "await 'task.WaitAsync(timeout)' and handle TimeoutException instead", "Wait(timeout)", "timeout");
            }
            else if (cancellationIndex >= 0)
            {
                var fixKind = types.HasWaitAsync && cancellationIndex == 0 ? BlockingFixKinds.AwaitWaitAsync : null;
                Report(context, types, dual, instance, invocation.Syntax, fixKind,
                    "await 'task.WaitAsync(cancellationToken)' instead", "Wait(cancellationToken)", fixKind == null ? "no-waitasync" : null);
            }
            else
            {
                Report(context, types, dual, instance, invocation.Syntax, BlockingFixKinds.AwaitReceiver, AwaitAdvice, "Wait()");
            }
        }

        private static void AnalyzeWaitAllOrAny(OperationAnalysisContext context, DualSyncAsyncPath dual, IInvocationOperation invocation, WellKnownSymbols types)
        {
            var asyncCode = AsyncCodeOf(context, types);
            if (asyncCode == AsyncCodeKind.None
                || (invocation.SemanticModel is { } model && dual.IsSyncSideOnly(invocation.Syntax, model, context.CancellationToken)))
            {
                return;
            }

            var isWaitAll = invocation.TargetMethod.Name == "WaitAll";
            var combinator = isWaitAll ? "WhenAll" : "WhenAny";
            var title = "Task." + invocation.TargetMethod.Name;
            var advice = "await 'Task." + combinator + "' instead";
            string? fixKind = isWaitAll ? BlockingFixKinds.WhenAll : BlockingFixKinds.WhenAny;
            string? noFixReason = null;
            var cancellationIndex = -1;

            foreach (var argument in invocation.Arguments)
            {
                var type = argument.Parameter?.Type;
                if (IsCancellationToken(type, types))
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        continue;
                    }

                    cancellationIndex = SyntaxIndex(argument);
                    if (!types.HasWaitAsync || cancellationIndex < 0)
                    {
                        fixKind = null;
                        noFixReason = "no-waitasync";
                    }
                }
                else if (type is { SpecialType: SpecialType.System_Int32 } || WellKnownSymbols.Is(type, types.TimeSpan))
                {
                    fixKind = null;
                    noFixReason = "timeout";
                }
            }

            // WaitAny returns the index of the finished task; WhenAny returns the task, so a used index has no direct equivalent.
            // Where the tasks are one array named by a variable, the index is Array.IndexOf(tasks, await Task.WhenAny(tasks)).
            if (!isWaitAll && fixKind != null && !IsValueDiscarded(invocation))
            {
                var tasks = invocation.Arguments.Where(a => a.ArgumentKind == ArgumentKind.Explicit && !IsCancellationToken(a.Parameter?.Type, types)).ToList();
                if (tasks.Count == 1 && tasks[0].Value is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation
                    && tasks[0].Value.Type is IArrayTypeSymbol)
                {
                    fixKind = BlockingFixKinds.WhenAnyIndex;
                }
                else
                {
                    fixKind = null;
                    noFixReason = "index-used";
                }
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (asyncCode == AsyncCodeKind.ByContract && fixKind != null)
            {
                // `await` needs the method made async first: the fix offers that in the light bulb only.
                properties = properties.Add(FixProperties.MakeAsync, "true");
            }

            if (cancellationIndex >= 0 && fixKind != null)
            {
                properties = properties.Add(FixProperties.CancellationArgumentIndex, cancellationIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            ReportChecked(context, invocation.Syntax, fixKind, noFixReason, properties, title, advice);
        }

        private static void Report(
            OperationAnalysisContext context,
            WellKnownSymbols types,
            DualSyncAsyncPath dual,
            IOperation receiver,
            SyntaxNode blockingSyntax,
            string? fixKind,
            string advice,
            string member,
            string? noFixReason = null)
        {
            // The sync side of dual code first: a walk up to the member, which rules out most blocking in dual code before
            // the search of earlier statements for an await of the same task (both are pure: the order keeps the verdict).
            var asyncCode = AsyncCodeOf(context, types);
            if (asyncCode == AsyncCodeKind.None
                || (context.Operation.SemanticModel is { } model && dual.IsSyncSideOnly(context.Operation.Syntax, model, context.CancellationToken))
                || CompletedTaskFacts.IsKnownComplete(receiver, context.Operation, types, context.CancellationToken))
            {
                return;
            }

            // In dual sync/async code a bare await would break the sync callers: only the dual form is right there.
            if (fixKind != null && context.Operation.SemanticModel is { } dualModel
                && !dual.ModeFlags(context.Operation.Syntax, dualModel, context.CancellationToken).IsEmpty)
            {
                fixKind = null;
                noFixReason = "dual-sync-async";
            }

            // A method async by contract is not async: `await` needs it made async first, offered in the light bulb only.
            var properties = asyncCode == AsyncCodeKind.ByContract && fixKind != null
                ? ImmutableDictionary<string, string?>.Empty.Add(FixProperties.MakeAsync, "true")
                : ImmutableDictionary<string, string?>.Empty;

            // `t?.Result` would become `await t?...`, which throws on null instead of yielding null.
            // The squiggle covers the whole `t?.Result`, not just `.Result`.
            if (receiver.Kind == OperationKind.ConditionalAccessInstance)
            {
                fixKind = null;
                noFixReason = "conditional-access";
                while (blockingSyntax.Parent is ConditionalAccessExpressionSyntax conditionalAccess && conditionalAccess.WhenNotNull == blockingSyntax)
                {
                    blockingSyntax = conditionalAccess;
                }
            }

            ReportChecked(context, blockingSyntax, fixKind, noFixReason, properties, member, advice);
        }

        private static void ReportChecked(
            OperationAnalysisContext context,
            SyntaxNode blockingSyntax,
            string? fixKind,
            string? noFixReason,
            ImmutableDictionary<string, string?> properties,
            string member,
            string advice)
        {
            if (fixKind != null && !AsyncContext.CanInsertAwait(blockingSyntax))
            {
                fixKind = null;
                noFixReason = "await-not-allowed";
            }

            // Every diagnostic without a fix has a stated reason (the rule page lists them); the fix reads only FixKind.
            System.Diagnostics.Debug.Assert(fixKind != null || noFixReason != null, "a diagnostic without a fix must say why");
            if (fixKind != null)
            {
                properties = properties.SetItem(FixProperties.FixKind, fixKind);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                RuleDescriptors.BlockingTask, blockingSyntax.GetLocation(), properties, member, advice));
        }

        /// <summary>Whether the operation is async code, counting methods async by contract where the option says so.</summary>
        private static AsyncCodeKind AsyncCodeOf(OperationAnalysisContext context, WellKnownSymbols types)
        {
            var kind = AsyncContext.KindOf(context.Operation, context.ContainingSymbol, types);
            return kind == AsyncCodeKind.ByContract
                && AsyncGuardOptions.BlockingAsyncCode.Get(context.Options, context.Operation.Syntax.SyntaxTree) != AsyncGuardOptions.ByContract
                ? AsyncCodeKind.None
                : kind;
        }

        private static bool IsCancellationToken(ITypeSymbol? type, WellKnownSymbols types)
            => type != null && SymbolEqualityComparer.Default.Equals(type, types.CancellationToken);

        /// <summary>Position of the argument in the written argument list, or -1 for an implicit one.</summary>
        private static int SyntaxIndex(IArgumentOperation argument)
            => argument.Syntax is ArgumentSyntax { Parent: ArgumentListSyntax list } syntax ? list.Arguments.IndexOf(syntax) : -1;

        private static bool IsValueDiscarded(IOperation operation)
            => operation.Parent is IExpressionStatementOperation
                || operation.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation };
    }
}
