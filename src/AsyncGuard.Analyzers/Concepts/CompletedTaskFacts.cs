using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Recognises tasks that are already complete where their result is read, so that reading it does not block:
    /// tasks awaited earlier in the same flow, passed to an awaited <c>Task.WhenAll</c>, returned by an awaited
    /// <c>Task.WhenAny</c>, guarded by <c>IsCompleted</c> / <c>IsCompletedSuccessfully</c>, or made complete
    /// (<c>Task.FromResult</c>, <c>Task.CompletedTask</c>).
    /// </summary>
    /// <remarks>
    /// "Earlier in the same flow" means a statement before the blocking one in an enclosing block of the same
    /// function, where the await is not itself conditional (inside an if, loop, try, conditional expression or
    /// short-circuit operator of that statement). This under-approximates, so it can only remove diagnostics that
    /// are certainly not blocking.
    /// </remarks>
    internal static class CompletedTaskFacts
    {
        public static bool IsKnownComplete(IOperation receiver, IOperation blocking, WellKnownSymbols types, CancellationToken cancellationToken)
        {
            receiver = OperationShapes.StripConfigureAwait(receiver);
            if (IsCompleteByConstruction(receiver, types))
            {
                return true;
            }

            var model = blocking.SemanticModel;
            if (model == null || receiver.Syntax is not ExpressionSyntax receiverSyntax)
            {
                return false;
            }

            var target = new Target(receiverSyntax, TrackedSymbol(receiver), CollectionOf(receiver, cancellationToken), model, types, cancellationToken);
            if (IsCompleteByDeclaration(target.Symbol, blocking, types, cancellationToken))
            {
                return true;
            }

            SyntaxNode current = blocking.Syntax;
            while (current.Parent is { } parent && !AsyncContext.IsFunctionBoundary(current))
            {
                switch (parent)
                {
                    case IfStatementSyntax ifStatement when ifStatement.Statement == current && AssertsComplete(ifStatement.Condition, target):
                    case ConditionalExpressionSyntax conditional when conditional.WhenTrue == current && AssertsComplete(conditional.Condition, target):
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) && binary.Right == current && AssertsComplete(binary.Left, target):
                    case IfStatementSyntax winner when winner.Statement == current && IsWhenAnyWinner(winner.Condition, target):
                    case ConditionalExpressionSyntax winnerConditional when winnerConditional.WhenTrue == current && IsWhenAnyWinner(winnerConditional.Condition, target):
                        return true;
                    case BlockSyntax block when AnyPriorStatementCompletes(block.Statements, (StatementSyntax)current, target):
                        return true;
                    case SwitchSectionSyntax section when current is StatementSyntax statement && AnyPriorStatementCompletes(section.Statements, statement, target):
                        return true;
                    case CompilationUnitSyntax unit when current is GlobalStatementSyntax global && AnyPriorGlobalStatementCompletes(unit, global, target):
                        return true;
                }

                current = parent;
            }

            return false;
        }

        /// <summary>
        /// A variable complete by how it is declared: the antecedent parameter of a <c>ContinueWith</c> continuation,
        /// the variable of <c>await foreach (var t in Task.WhenEach(..))</c>, or a local initialised with
        /// <c>Task.FromResult(..)</c> / <c>Task.CompletedTask</c> and never assigned again.
        /// </summary>
        private static bool IsCompleteByDeclaration(ISymbol? symbol, IOperation blocking, WellKnownSymbols types, CancellationToken cancellationToken)
        {
            var model = blocking.SemanticModel!;
            switch (symbol)
            {
                case IParameterSymbol { Ordinal: 0, ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } parameter:
                    foreach (var reference in parameter.ContainingSymbol.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(cancellationToken) is AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } }
                            && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Name: "ContinueWith" } continueWith
                            && types.IsTaskLike(continueWith.ContainingType))
                        {
                            return true;
                        }
                    }

                    return false;
                case ILocalSymbol local:
                    foreach (var reference in local.DeclaringSyntaxReferences)
                    {
                        var declaration = reference.GetSyntax(cancellationToken);
                        if (declaration is ForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword } forEach
                            && model.GetSymbolInfo(forEach.Expression, cancellationToken).Symbol is IMethodSymbol { Name: "WhenEach", IsStatic: true } whenEach
                            && types.IsTask(whenEach.ContainingType))
                        {
                            return true;
                        }

                        if (declaration is VariableDeclaratorSyntax { Initializer.Value: { } initial }
                            && model.GetOperation(initial, cancellationToken) is { } value
                            && IsCompleteByConstruction(OperationShapes.StripConfigureAwait(OperationShapes.Unwrap(value)), types)
                            && !IsWrittenAfterDeclaration(local, declaration, model, cancellationToken))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>The local is assigned, or passed by <c>ref</c> / <c>out</c>, anywhere in its scope after its declaration.</summary>
        private static bool IsWrittenAfterDeclaration(ILocalSymbol local, SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            var scope = declaration.FirstAncestorOrSelf<SyntaxNode>(n => n is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax);
            return scope != null && Writes(scope, local.Name, local, model, cancellationToken);
        }

        /// <summary>An assignment to, or a <c>ref</c> / <c>out</c> argument of, <paramref name="symbol"/> inside <paramref name="scope"/>.</summary>
        private static bool Writes(SyntaxNode scope, string name, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in scope.DescendantNodes())
            {
                var written = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } addressOf => addressOf.Operand,
                    _ => null,
                };

                if (written == null)
                {
                    continue;
                }

                written = SyntaxShapes.StripParentheses(written);
                var writtenName = written switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } memberAccess => memberAccess.Name.Identifier.ValueText,
                    _ => null,
                };

                if (writtenName == name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(written, cancellationToken).Symbol, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>await Task.WhenAny(a, b) == a</c> (either side, <c>ConfigureAwait</c> allowed): the winner is complete.</summary>
        private static bool IsWhenAnyWinner(ExpressionSyntax condition, Target target)
        {
            condition = SyntaxShapes.StripParentheses(condition);
            if (condition is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.LogicalAndExpression))
            {
                return IsWhenAnyWinner(binary.Left, target) || IsWhenAnyWinner(binary.Right, target);
            }

            if (condition is not BinaryExpressionSyntax equality || !equality.IsKind(SyntaxKind.EqualsExpression))
            {
                return false;
            }

            return IsAwaitedWhenAny(equality.Left, target) && target.Matches(equality.Right)
                || IsAwaitedWhenAny(equality.Right, target) && target.Matches(equality.Left);
        }

        private static bool IsAwaitedWhenAny(ExpressionSyntax expression, Target target)
            => SyntaxShapes.StripParentheses(expression) is AwaitExpressionSyntax awaitExpression
                && SyntaxShapes.StripConfigureAwait(awaitExpression.Expression) is InvocationExpressionSyntax invocation
                && IsTaskCombinator(invocation, target, out var name)
                && name == "WhenAny";

        private static bool IsCompleteByConstruction(IOperation receiver, WellKnownSymbols types)
        {
            switch (receiver)
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } method }
                    when method.Name is "FromResult" or "FromException" or "FromCanceled" && types.IsTaskOrValueTask(method.ContainingType):
                    return true;
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } property }
                    when types.IsTaskOrValueTask(property.ContainingType):
                    return true;
                default:
                    return false;
            }
        }

        private static ISymbol? TrackedSymbol(IOperation receiver) => receiver switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Property,
            _ => null,
        };

        /// <summary>
        /// The collection the task was taken from, when the receiver is <c>tasks[i]</c> or the variable of
        /// <c>foreach (var t in tasks)</c>: an awaited <c>Task.WhenAll(tasks)</c> completes every element.
        /// </summary>
        private static ISymbol? CollectionOf(IOperation receiver, CancellationToken cancellationToken)
        {
            switch (receiver)
            {
                case IArrayElementReferenceOperation element:
                    return TrackedSymbol(OperationShapes.Unwrap(element.ArrayReference));
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance }:
                    return TrackedSymbol(OperationShapes.Unwrap(instance));
                case ILocalReferenceOperation local:
                    foreach (var reference in local.Local.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(cancellationToken) is ForEachStatementSyntax forEach
                            && receiver.SemanticModel?.GetOperation(forEach, cancellationToken) is IForEachLoopOperation loop)
                        {
                            return TrackedSymbol(OperationShapes.Unwrap(loop.Collection));
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private static bool AnyPriorStatementCompletes(SyntaxList<StatementSyntax> statements, StatementSyntax current, Target target)
        {
            var index = statements.IndexOf(current);
            for (var i = index - 1; i >= 0; i--)
            {
                if (StatementCompletes(statements[i], target))
                {
                    return true;
                }

                // A later assignment (or ref/out use) replaces the task that an earlier statement completed.
                if (target.Symbol != null && Writes(statements[i], target.Symbol.Name, target.Symbol, target.Model, target.CancellationToken))
                {
                    return false;
                }
            }

            return false;
        }

        private static bool AnyPriorGlobalStatementCompletes(CompilationUnitSyntax unit, GlobalStatementSyntax current, Target target)
        {
            foreach (var member in unit.Members)
            {
                if (member == current)
                {
                    return false;
                }

                if (member is GlobalStatementSyntax global && StatementCompletes(global.Statement, target))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An earlier statement that leaves the task complete whenever control reaches the blocking call.</summary>
        private static bool StatementCompletes(StatementSyntax statement, Target target)
        {
            if (statement is IfStatementSyntax { Else: null } ifStatement
                && AssertsIncomplete(ifStatement.Condition, target)
                && (ExitsUnconditionally(ifStatement.Statement) || BodyAwaits(ifStatement.Statement, target)))
            {
                // `if (!t.IsCompleted) return;` or `if (!t.IsCompleted) await t;`: either way t is complete after it.
                return true;
            }

            if (statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } && CallCompletes(call, target))
            {
                return true;
            }

            foreach (var node in statement.DescendantNodes(descendIntoChildren: n => !AsyncContext.IsFunctionBoundary(n)))
            {
                if (node is AwaitExpressionSyntax awaitExpression
                    && IsUnconditional(awaitExpression, statement)
                    && AwaitCompletes(awaitExpression, target))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool BodyAwaits(StatementSyntax body, Target target)
        {
            foreach (var node in body.DescendantNodesAndSelf(descendIntoChildren: n => !AsyncContext.IsFunctionBoundary(n)))
            {
                if (node is AwaitExpressionSyntax awaitExpression && IsUnconditional(awaitExpression, body) && AwaitCompletes(awaitExpression, target))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A statement call that leaves the task complete: <c>tcs.SetResult(..)</c> (or <c>SetException</c>,
        /// <c>SetCanceled</c>, their <c>TrySet</c> forms) before <c>tcs.Task</c> is read; <c>t.Wait()</c>,
        /// <c>t.RunSynchronously()</c>, <c>Task.WaitAll(.., t, ..)</c> (those block, and are reported themselves).
        /// </summary>
        private static bool CallCompletes(InvocationExpressionSyntax call, Target target)
        {
            if (call.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } memberAccess)
            {
                return false;
            }

            switch (name)
            {
                case "SetResult" or "SetException" or "SetCanceled" or "TrySetResult" or "TrySetException" or "TrySetCanceled":
                    return target.Syntax is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Task" } taskOfSource
                        && SyntaxFactory.AreEquivalent(SyntaxShapes.StripParentheses(taskOfSource.Expression), SyntaxShapes.StripParentheses(memberAccess.Expression));
                case "Wait" or "RunSynchronously" when call.ArgumentList.Arguments.Count == 0:
                    return target.Matches(memberAccess.Expression);
                case "WaitAll":
                    // Only the overloads without a timeout (they return void): `if (!Task.WaitAll(ts, 100))` leaves them running.
                    if (target.Model.GetSymbolInfo(call, target.CancellationToken).Symbol is IMethodSymbol { IsStatic: true, ReturnsVoid: true } waitAll && target.Types.IsTask(waitAll.ContainingType))
                    {
                        foreach (var argument in call.ArgumentList.Arguments)
                        {
                            if (target.Matches(argument.Expression) || target.MatchesCollection(argument.Expression))
                            {
                                return true;
                            }
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>An await whose value is the task itself, or a join of it.</summary>
        private static bool AwaitCompletes(AwaitExpressionSyntax awaitExpression, Target target)
        {
            var awaited = SyntaxShapes.StripConfigureAwait(awaitExpression.Expression);
            if (target.Symbol != null && target.Matches(awaited))
            {
                return true;
            }

            // await t.WaitAsync(timeout / token): it throws unless t finished.
            if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WaitAsync" } waitAsync }
                && target.Symbol != null && target.Matches(waitAsync.Expression))
            {
                return true;
            }

            if (awaited is InvocationExpressionSyntax invocation && IsTaskCombinator(invocation, target, out var name))
            {
                if (name == "WhenAll")
                {
                    foreach (var argument in invocation.ArgumentList.Arguments)
                    {
                        if (target.Matches(argument.Expression) || target.MatchesCollection(argument.Expression))
                        {
                            return true;
                        }
                    }
                }
                else if (target.Symbol is ILocalSymbol && AssignedTo(awaitExpression, target))
                {
                    // var winner = await Task.WhenAny(a, b): the winner is complete.
                    return true;
                }
            }

            return false;
        }

        private static bool AssignedTo(AwaitExpressionSyntax awaitExpression, Target target)
        {
            var parent = WalkUpParentheses(awaitExpression).Parent;
            switch (parent)
            {
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                    return declarator.Identifier.ValueText == target.Symbol!.Name
                        && SymbolEqualityComparer.Default.Equals(target.Model.GetDeclaredSymbol(declarator, target.CancellationToken), target.Symbol);
                case AssignmentExpressionSyntax assignment when assignment.Right == WalkUpParentheses(awaitExpression):
                    return target.Matches(assignment.Left);
                default:
                    return false;
            }
        }

        private static ExpressionSyntax WalkUpParentheses(ExpressionSyntax expression)
        {
            while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized;
            }

            return expression;
        }

        private static bool IsTaskCombinator(InvocationExpressionSyntax invocation, Target target, out string name)
        {
            name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
                _ => string.Empty,
            };

            if (name is not ("WhenAll" or "WhenAny"))
            {
                return false;
            }

            return target.Model.GetSymbolInfo(invocation, target.CancellationToken).Symbol is IMethodSymbol { IsStatic: true } method
                && target.Types.IsTask(method.ContainingType);
        }

        /// <summary>No branching construct lies between the await and the statement that holds it.</summary>
        private static bool IsUnconditional(SyntaxNode node, StatementSyntax root)
        {
            for (var current = node; current != root && current.Parent != null; current = current.Parent)
            {
                switch (current.Parent)
                {
                    case IfStatementSyntax ifStatement when ifStatement.Condition != current:
                    case ConditionalExpressionSyntax conditional when conditional.Condition != current:
                    case BinaryExpressionSyntax binary when binary.Right == current
                        && (binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression) || binary.IsKind(SyntaxKind.CoalesceExpression)):
                    case ConditionalAccessExpressionSyntax conditionalAccess when conditionalAccess.WhenNotNull == current:
                    case CommonForEachStatementSyntax forEach when forEach.Expression != current:
                    case ForStatementSyntax:
                    case WhileStatementSyntax:
                    case DoStatementSyntax:
                    case SwitchStatementSyntax:
                    case SwitchExpressionSyntax:
                    case TryStatementSyntax:
                    case CatchClauseSyntax:
                    case FinallyClauseSyntax:
                        return false;
                }
            }

            return true;
        }

        private static bool ExitsUnconditionally(StatementSyntax statement) => statement switch
        {
            ReturnStatementSyntax or ThrowStatementSyntax or ContinueStatementSyntax or BreakStatementSyntax => true,
            BlockSyntax { Statements.Count: > 0 } block => ExitsUnconditionally(block.Statements[block.Statements.Count - 1]),
            _ => false,
        };

        /// <summary><c>t.IsCompleted</c>, <c>t.IsCompletedSuccessfully</c>, <c>t.IsFaulted</c>, <c>t.IsCanceled</c> (each means finished), <c>t.Status == TaskStatus.RanToCompletion</c>, or a conjunction with one.</summary>
        private static bool AssertsComplete(ExpressionSyntax condition, Target target)
        {
            condition = SyntaxShapes.StripParentheses(condition);
            switch (condition)
            {
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression):
                    return AssertsComplete(binary.Left, target) || AssertsComplete(binary.Right, target);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression):
                    return IsCompletionFlag(binary.Left, target) && binary.Right.IsKind(SyntaxKind.TrueLiteralExpression)
                        || IsRanToCompletion(binary.Left, binary.Right, target)
                        || IsRanToCompletion(binary.Right, binary.Left, target);
                default:
                    return IsCompletionFlag(condition, target);
            }
        }

        /// <summary><c>!t.IsCompleted</c>, <c>t.IsCompleted == false</c>, or a disjunction with one: exiting on it leaves the task complete.</summary>
        private static bool AssertsIncomplete(ExpressionSyntax condition, Target target)
        {
            condition = SyntaxShapes.StripParentheses(condition);
            switch (condition)
            {
                case PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression):
                    return AssertsComplete(not.Operand, target);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalOrExpression):
                    return AssertsIncomplete(binary.Left, target) || AssertsIncomplete(binary.Right, target);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression):
                    return IsCompletionFlag(binary.Left, target) && binary.Right.IsKind(SyntaxKind.FalseLiteralExpression);
                default:
                    return false;
            }
        }

        private static bool IsCompletionFlag(ExpressionSyntax expression, Target target)
            => SyntaxShapes.StripParentheses(expression) is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" } memberAccess
                && target.Matches(memberAccess.Expression);

        private static bool IsRanToCompletion(ExpressionSyntax status, ExpressionSyntax value, Target target)
            => SyntaxShapes.StripParentheses(status) is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Status" } memberAccess
                && target.Matches(memberAccess.Expression)
                && SyntaxShapes.StripParentheses(value) is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RanToCompletion" };

        /// <summary>What the blocking call reads: its syntax, and the variable or collection it comes from.</summary>
        private sealed class Target
        {
            private readonly ExpressionSyntax _syntax;

            public Target(ExpressionSyntax syntax, ISymbol? symbol, ISymbol? collection, SemanticModel model, WellKnownSymbols types, CancellationToken cancellationToken)
            {
                Types = types;
                _syntax = SyntaxShapes.StripParentheses(syntax);
                Symbol = symbol;
                Collection = collection;
                Model = model;
                CancellationToken = cancellationToken;
            }

            public ISymbol? Symbol { get; }

            /// <summary>The receiver's syntax, without parentheses.</summary>
            public ExpressionSyntax Syntax => _syntax;

            public ISymbol? Collection { get; }

            public SemanticModel Model { get; }

            public WellKnownSymbols Types { get; }

            public CancellationToken CancellationToken { get; }

            /// <summary>The same expression as the blocking call's receiver, or a name of the same variable.</summary>
            public bool Matches(ExpressionSyntax candidate)
            {
                candidate = SyntaxShapes.StripConfigureAwait(candidate);
                return SyntaxFactory.AreEquivalent(candidate, _syntax) || Binds(candidate, Symbol);
            }

            public bool MatchesCollection(ExpressionSyntax candidate) => Binds(SyntaxShapes.StripParentheses(candidate), Collection);

            private bool Binds(ExpressionSyntax candidate, ISymbol? symbol)
            {
                if (symbol == null)
                {
                    return false;
                }

                var name = candidate switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } memberAccess => memberAccess.Name.Identifier.ValueText,
                    _ => null,
                };

                return name == symbol.Name
                    && SymbolEqualityComparer.Default.Equals(Model.GetSymbolInfo(candidate, CancellationToken).Symbol, symbol);
            }
        }
    }
}
