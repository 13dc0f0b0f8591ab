using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>How the tasks of a fan-out are started.</summary>
    internal enum FanOutKind
    {
        /// <summary><c>items.Select(x => WorkAsync(x))</c>, a lambda or method group, method syntax.</summary>
        Select,

        /// <summary><c>from x in items select WorkAsync(x)</c>.</summary>
        QuerySelect,

        /// <summary>A loop that stores started tasks: <c>foreach (..) tasks.Add(WorkAsync(x));</c>, <c>for (..) tasks[i] = WorkAsync(x);</c>.</summary>
        Loop,
    }

    /// <summary>
    /// A set of tasks started together, one per item, and joined by <c>Task.WhenAll</c>: the shape AG0003 bounds and
    /// AG0004 guards. Built from the WhenAll call by following its argument through <c>ToArray</c> / <c>ToList</c>
    /// and a local variable to the <c>Select</c> or loop that starts the tasks.
    /// </summary>
    internal sealed class FanOut
    {
        private FanOut(WellKnownSymbols types, IInvocationOperation whenAll, FanOutKind kind, IOperation source, IOperation itemWork, SyntaxNode startSyntax, ILoopOperation? loop = null)
        {
            Types = types;
            Loop = loop;
            WhenAll = whenAll;
            Kind = kind;
            Source = source;
            ItemWork = itemWork;
            StartSyntax = startSyntax;
        }

        /// <summary>The compilation's well-known types, which the limits of this fan-out are judged by.</summary>
        public WellKnownSymbols Types { get; }

        public IInvocationOperation WhenAll { get; }

        public FanOutKind Kind { get; }

        /// <summary>The items: the Select's source, or the loop's collection (the loop itself for a <c>for</c> / <c>while</c>).</summary>
        public IOperation Source { get; }

        /// <summary>
        /// What starts one item's task: the Select's lambda (<see cref="IAnonymousFunctionOperation"/>) or method group
        /// (<see cref="IMethodReferenceOperation"/>), or for a loop the argument given to <c>Add</c> or the value stored in an element.
        /// </summary>
        public IOperation ItemWork { get; }

        /// <summary>Where the tasks start: the Select invocation, query expression or loop statement.</summary>
        public SyntaxNode StartSyntax { get; }

        /// <summary>The loop, for <see cref="FanOutKind.Loop"/>.</summary>
        public ILoopOperation? Loop { get; }

        /// <summary>The WhenAll's result is used (a <c>T[]</c> of results), so the fan-out collects results.</summary>
        public bool CollectsResults
        {
            get
            {
                var parent = WhenAll.Parent;
                if (parent is IAwaitOperation awaitOperation)
                {
                    parent = awaitOperation.Parent;
                }

                return WhenAll.TargetMethod.ReturnType is INamedTypeSymbol { IsGenericType: true } && parent is not IExpressionStatementOperation;
            }
        }

        /// <summary>The fan-out whose tasks <paramref name="whenAll"/> joins, or null for a fixed argument list or an unknown source.</summary>
        public static FanOut? FromWhenAll(IInvocationOperation whenAll, WellKnownSymbols types, CancellationToken cancellationToken)
        {
            if (whenAll.Arguments.Length != 1 || whenAll.Arguments[0].ArgumentKind != ArgumentKind.Explicit)
            {
                // Task.WhenAll(a, b, c): a fixed argument list is bounded by construction.
                return null;
            }

            var value = Unwrap(whenAll.Arguments[0].Value);
            for (var hops = 0; hops < 4; hops++)
            {
                switch (value)
                {
                    case IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" or "ToHashSet" or "AsEnumerable" } materialize when types.IsLinq(materialize.TargetMethod):
                        value = Unwrap(materialize.Arguments[0].Value);
                        continue;

                    case ITranslatedQueryOperation query when Unwrap(query.Operation) is IInvocationOperation select && IsSelect(select, types):
                        return StartsNoWork(ItemWorkOf(select), types)
                            ? null
                            : new FanOut(types, whenAll, FanOutKind.QuerySelect, Unwrap(select.Arguments[0].Value), ItemWorkOf(select), query.Syntax);

                    case IInvocationOperation select when IsSelect(select, types):
                        return StartsNoWork(ItemWorkOf(select), types)
                            ? null
                            : new FanOut(types, whenAll, FanOutKind.Select, Unwrap(select.Arguments[0].Value), ItemWorkOf(select), select.Syntax);

                    case ILocalReferenceOperation local:
                        var initializer = OperationShapes.InitialValue(local, cancellationToken);
                        if (initializer == null)
                        {
                            return null;
                        }

                        var loopBuilt = LoopAddingTo(local.Local, whenAll, types, cancellationToken);
                        if (loopBuilt != null)
                        {
                            return loopBuilt;
                        }

                        value = Unwrap(initializer);
                        continue;
                }

                break;
            }

            return null;
        }

        public static IOperation Unwrap(IOperation operation) => OperationShapes.Unwrap(operation);

        private static bool IsSelect(IInvocationOperation invocation, WellKnownSymbols types)
            => invocation.TargetMethod.Name == "Select" && types.IsLinq(invocation.TargetMethod) && invocation.Arguments.Length == 2;

        private static IOperation ItemWorkOf(IInvocationOperation select) => Unwrap(select.Arguments[1].Value);

        /// <summary>
        /// <c>jobs.Select(j => j.Task)</c>, <c>tasks.Add(job.Completion)</c>: the item's task already exists (a field, property,
        /// local or parameter read), so nothing starts here: the join only waits for work started elsewhere.
        /// </summary>
        private static bool StartsNoWork(IOperation itemWork, WellKnownSymbols types)
        {
            if (itemWork is IAnonymousFunctionOperation lambda)
            {
                return !lambda.Symbol.IsAsync && lambda.Body.Operations.Length == 1
                    && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
                    && (ReadsExistingTask(Unwrap(returned), types) || Unwrap(returned) is IParameterReferenceOperation or ILocalReferenceOperation);
            }

            return ReadsExistingTask(itemWork, types);
        }

        private static bool ReadsExistingTask(IOperation operation, WellKnownSymbols types)
            => operation switch
            {
                IFieldReferenceOperation => true,
                IPropertyReferenceOperation { Property: { Parameters.IsEmpty: true } property } => !MayStartWork(property, types),
                _ => false,
            };

        /// <summary>
        /// A property read that may start the work it returns: <c>Lazy&lt;Task&gt;.Value</c> runs its factory on the first
        /// read, and a property of the project's own whose getter computes its value (<c>Task Done =&gt; RunAsync();</c>)
        /// starts new work on every read. An auto-property, or a getter that returns a field, holds a task started elsewhere.
        /// Properties of referenced assemblies (<c>TaskCompletionSource.Task</c>, a dataflow block's <c>Completion</c>) are
        /// taken to hold one.
        /// </summary>
        private static bool MayStartWork(IPropertySymbol property, WellKnownSymbols types)
        {
            if (property.Name == "Value" && WellKnownSymbols.Is(property.ContainingType.OriginalDefinition, types.Resolve("System.Lazy`1")))
            {
                return true;
            }

            foreach (var reference in property.DeclaringSyntaxReferences)
            {
                var getterBody = reference.GetSyntax() switch
                {
                    PropertyDeclarationSyntax { ExpressionBody.Expression: { } expression } => expression,
                    PropertyDeclarationSyntax { AccessorList: { } accessors } => GetterBody(accessors),
                    _ => null,
                };
                if (getterBody != null && !ReturnsStoredValue(getterBody))
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode? GetterBody(AccessorListSyntax accessors)
        {
            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
                {
                    return (SyntaxNode?)accessor.ExpressionBody?.Expression ?? accessor.Body;
                }
            }

            return null;
        }

        /// <summary><c>=&gt; _task</c>, <c>{ get { return _source.Task; } }</c>: the getter only reads what is stored.</summary>
        private static bool ReturnsStoredValue(SyntaxNode getterBody)
        {
            var returned = getterBody is BlockSyntax block
                ? block.Statements.Count == 1 && block.Statements[0] is ReturnStatementSyntax { Expression: { } value } ? value : null
                : getterBody as ExpressionSyntax;
            while (returned is MemberAccessExpressionSyntax or PostfixUnaryExpressionSyntax)
            {
                returned = returned is MemberAccessExpressionSyntax access ? access.Expression : ((PostfixUnaryExpressionSyntax)returned).Operand;
            }

            return returned is IdentifierNameSyntax or ThisExpressionSyntax;
        }

        /// <summary>
        /// <c>var task = WorkAsync(x); tasks.Add(task);</c>: the work is the initializer of a local declared in the loop.
        /// </summary>
        private static IOperation WorkBehindLocal(IOperation stored, ILoopOperation loop, CancellationToken cancellationToken)
            => stored is ILocalReferenceOperation local
                && local.Local.DeclaringSyntaxReferences.Length == 1
                && loop.Syntax.Span.Contains(local.Local.DeclaringSyntaxReferences[0].Span)
                && OperationShapes.InitialValue(local, cancellationToken) is { } initializer
                ? Unwrap(initializer)
                : stored;

        /// <summary>A loop, in the same function before the join, that adds to <paramref name="tasks"/> or stores into its elements.</summary>
        private static FanOut? LoopAddingTo(ILocalSymbol tasks, IInvocationOperation whenAll, WellKnownSymbols types, CancellationToken cancellationToken)
        {
            var model = whenAll.SemanticModel!;
            var body = EnclosingBody(whenAll.Syntax);
            if (body == null)
            {
                return null;
            }

            foreach (var node in body.DescendantNodes(n => !AsyncContext.IsFunctionBoundary(n) || n == body))
            {
                if (node.SpanStart >= whenAll.Syntax.SpanStart || TaskStoredInto(tasks, node, model, cancellationToken) is not { } stored)
                {
                    continue;
                }

                for (var parent = stored.Store.Parent; parent != null; parent = parent.Parent)
                {
                    if (parent is ILoopOperation loop)
                    {
                        var work = WorkBehindLocal(stored.Work, loop, cancellationToken);
                        if (StartsNoWork(work, types))
                        {
                            return null;
                        }

                        IOperation source = loop is IForEachLoopOperation forEach ? Unwrap(forEach.Collection) : loop;
                        return new FanOut(types, whenAll, FanOutKind.Loop, source, work, loop.Syntax, loop);
                    }

                    if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        break;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// <c>tasks.Add(work)</c> or <c>tasks[i] = work</c> on the local <paramref name="tasks"/>: the store operation and the
        /// stored task; null for any other node.
        /// </summary>
        private static (IOperation Store, IOperation Work)? TaskStoredInto(ILocalSymbol tasks, SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (node)
            {
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add", Expression: IdentifierNameSyntax receiver } } call
                    when receiver.Identifier.ValueText == tasks.Name:
                    return model.GetOperation(call, cancellationToken) is IInvocationOperation { Instance: ILocalReferenceOperation instance, Arguments.Length: 1 } add
                        && SymbolEqualityComparer.Default.Equals(instance.Local, tasks)
                        ? (add, Unwrap(add.Arguments[0].Value))
                        : null;

                case AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax { Expression: IdentifierNameSyntax array } } assignment
                    when array.Identifier.ValueText == tasks.Name:
                    return model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation element } } store
                        && SymbolEqualityComparer.Default.Equals(element.Local, tasks)
                        ? (store, Unwrap(store.Value))
                        : null;

                default:
                    return null;
            }
        }

        private static SyntaxNode? EnclosingBody(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                if (AsyncContext.IsFunctionBoundary(current))
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>The statement sits in a block, where the fix can declare the throttle just before it.</summary>
        internal static bool IsSimpleStatementContext(SyntaxNode statement) => statement.Parent is BlockSyntax or GlobalStatementSyntax;
    }
}
