using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// Dual sync/async code: a library serving both kinds of caller from one method, with a mode flag
    /// (<c>bool async</c>, <c>_isAsync</c>) that chooses between <c>await r.ReadAsync(ct)</c> and <c>r.Read()</c>.
    /// A sync call reached only when a mode flag is false is the sync side, written on purpose; a sync call that runs
    /// with the flag true (after the branch, in a <c>finally</c>, unconditionally) is a real blocking call.
    /// </summary>
    /// <remarks>
    /// A flag is recognised by what it does, not by its name or type alone: a <c>bool</c> parameter, field, local or
    /// own property that is the whole condition of a branch whose two sides run the async and the sync call of the
    /// same operation (<c>ReadAsync</c>/<c>Read</c>, or <c>await t</c>/<c>t.GetAwaiter().GetResult()</c>) somewhere
    /// in the member. A plain boolean (<c>item.IsFolder</c>, <c>force</c>) that picks between unrelated work is not one.
    /// One instance per compilation: the flags of a member are worked out once, on first need.
    /// </remarks>
    internal sealed class DualSyncAsyncPath
    {
        private const string AsyncSuffix = "Async";
        private const string AwaitedKeyPrefix = "await:";

        private readonly ConcurrentDictionary<SyntaxNode, ImmutableArray<ISymbol>> _flagsByMember =
            new ConcurrentDictionary<SyntaxNode, ImmutableArray<ISymbol>>();

        /// <summary>
        /// True when <paramref name="call"/> runs only when a mode flag of its member says sync: inside the flag's
        /// false branch, after an early exit taken when the flag is true, or on the right of <c>!async &amp;&amp; ..</c>.
        /// </summary>
        public bool IsSyncSideOnly(SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
        {
            List<ExpressionSyntax>? falseOnPath = null;
            SyntaxNode? member = null;
            for (SyntaxNode current = call; current.Parent is { } parent; current = parent)
            {
                switch (parent)
                {
                    case IfStatementSyntax ifStatement when ifStatement.Statement == current:
                        CollectFalse(ifStatement.Condition, whenValue: true, ref falseOnPath);
                        break;
                    case ElseClauseSyntax { Parent: IfStatementSyntax ifStatement }:
                        CollectFalse(ifStatement.Condition, whenValue: false, ref falseOnPath);
                        break;
                    case ConditionalExpressionSyntax conditional when conditional.WhenTrue == current:
                        CollectFalse(conditional.Condition, whenValue: true, ref falseOnPath);
                        break;
                    case ConditionalExpressionSyntax conditional when conditional.WhenFalse == current:
                        CollectFalse(conditional.Condition, whenValue: false, ref falseOnPath);
                        break;
                    case BinaryExpressionSyntax binary when binary.Right == current && binary.IsKind(SyntaxKind.LogicalAndExpression):
                        CollectFalse(binary.Left, whenValue: true, ref falseOnPath);
                        break;
                    case BinaryExpressionSyntax binary when binary.Right == current && binary.IsKind(SyntaxKind.LogicalOrExpression):
                        CollectFalse(binary.Left, whenValue: false, ref falseOnPath);
                        break;
                    case BlockSyntax block when current is StatementSyntax statement:
                        CollectEarlyExits(block.Statements, statement, ref falseOnPath);
                        break;
                    case SwitchSectionSyntax section when current is StatementSyntax statement:
                        CollectEarlyExits(section.Statements, statement, ref falseOnPath);
                        break;
                }

                if (IsMember(parent))
                {
                    member = parent;
                    break;
                }
            }

            if (falseOnPath == null || member == null)
            {
                return false;
            }

            var flags = _flagsByMember.GetOrAdd(member, m => FindModeFlags(m, model, cancellationToken));
            if (flags.IsEmpty)
            {
                return false;
            }

            foreach (var expression in falseOnPath)
            {
                var symbol = FlagSymbol(expression, model, cancellationToken);
                if (symbol != null && ContainsSymbol(flags, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The mode flags of a member, if it is dual code at all: one walk of its body.</summary>
        public ImmutableArray<ISymbol> ModeFlags(SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
        {
            for (var current = call; current != null; current = current.Parent)
            {
                if (IsMember(current))
                {
                    return _flagsByMember.GetOrAdd(current, m => FindModeFlags(m, model, cancellationToken));
                }
            }

            return ImmutableArray<ISymbol>.Empty;
        }

        private static bool ContainsSymbol(IEnumerable<ISymbol> symbols, ISymbol symbol)
        {
            foreach (var candidate in symbols)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The declaration whose body is analysed as one: a method, accessor, property, or the top-level statements.</summary>
        private static bool IsMember(SyntaxNode node)
            => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax
                || node is PropertyDeclarationSyntax or IndexerDeclarationSyntax or EventDeclarationSyntax;

        /// <summary>Statements before <paramref name="statement"/> that leave when a flag is true: after them, it is false.</summary>
        private static void CollectEarlyExits(SyntaxList<StatementSyntax> statements, StatementSyntax statement, ref List<ExpressionSyntax>? falseOnPath)
        {
            foreach (var earlier in statements)
            {
                if (earlier == statement)
                {
                    return;
                }

                if (earlier is IfStatementSyntax ifStatement)
                {
                    var thenExits = !CanCompleteNormally(ifStatement.Statement);
                    var elseExits = ifStatement.Else != null && !CanCompleteNormally(ifStatement.Else.Statement);
                    if (thenExits && !elseExits)
                    {
                        CollectFalse(ifStatement.Condition, whenValue: false, ref falseOnPath);
                    }
                    else if (elseExits && !thenExits)
                    {
                        CollectFalse(ifStatement.Condition, whenValue: true, ref falseOnPath);
                    }
                }
            }
        }

        /// <summary>A syntactic answer: the statement ends in <c>return</c>, <c>throw</c> or <c>yield break</c>.</summary>
        private static bool CanCompleteNormally(StatementSyntax statement)
            => statement switch
            {
                ReturnStatementSyntax or ThrowStatementSyntax => false,
                YieldStatementSyntax yield => !yield.IsKind(SyntaxKind.YieldBreakStatement),
                BlockSyntax { Statements.Count: > 0 } block => CanCompleteNormally(block.Statements[block.Statements.Count - 1]),
                ExpressionStatementSyntax { Expression: ThrowExpressionSyntax } => false,
                _ => true,
            };

        /// <summary>The flag-like expressions that are false when <paramref name="condition"/> evaluates to <paramref name="whenValue"/>.</summary>
        private static void CollectFalse(ExpressionSyntax condition, bool whenValue, ref List<ExpressionSyntax>? into)
        {
            switch (condition)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    CollectFalse(parenthesized.Expression, whenValue, ref into);
                    break;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                    CollectFalse(not.Operand, !whenValue, ref into);
                    break;
                case BinaryExpressionSyntax both when both.IsKind(whenValue ? SyntaxKind.LogicalAndExpression : SyntaxKind.LogicalOrExpression):
                    CollectFalse(both.Left, whenValue, ref into);
                    CollectFalse(both.Right, whenValue, ref into);
                    break;
                case BinaryExpressionSyntax equality when equality.IsKind(SyntaxKind.EqualsExpression) || equality.IsKind(SyntaxKind.NotEqualsExpression):
                    if (BooleanLiteral(equality.Right) is { } literal && IsFlagShape(equality.Left))
                    {
                        var flagValue = equality.IsKind(SyntaxKind.EqualsExpression) == whenValue ? literal : !literal;
                        CollectFalse(equality.Left, flagValue, ref into);
                    }

                    break;
                case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax constant } isPattern
                    when BooleanLiteral(constant.Expression) is { } patternLiteral && IsFlagShape(isPattern.Expression):
                    if (whenValue)
                    {
                        CollectFalse(isPattern.Expression, patternLiteral, ref into);
                    }

                    break;
                default:
                    if (!whenValue && IsFlagShape(condition))
                    {
                        (into ??= new List<ExpressionSyntax>()).Add(condition);
                    }

                    break;
            }
        }

        private static bool? BooleanLiteral(ExpressionSyntax expression)
            => expression.Kind() switch
            {
                SyntaxKind.TrueLiteralExpression => true,
                SyntaxKind.FalseLiteralExpression => false,
                _ => null,
            };

        /// <summary><c>async</c>, <c>_async</c>, <c>this.isAsync</c>: a name, not a computed condition.</summary>
        private static bool IsFlagShape(ExpressionSyntax expression)
            => expression is IdentifierNameSyntax
                || expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax };

        /// <summary>A bool parameter, local, field or property of the object itself.</summary>
        private static ISymbol? FlagSymbol(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
            var type = symbol switch
            {
                IParameterSymbol parameter => parameter.Type,
                ILocalSymbol local => local.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property when property.Parameters.IsEmpty => property.Type,
                _ => null,
            };
            return type?.SpecialType == SpecialType.System_Boolean ? symbol : null;
        }

        private static ImmutableArray<ISymbol> FindModeFlags(SyntaxNode member, SemanticModel model, CancellationToken cancellationToken)
        {
            ImmutableArray<ISymbol>.Builder? flags = null;
            foreach (var node in member.DescendantNodes())
            {
                ExpressionSyntax condition;
                SyntaxNode whenTrue;
                SyntaxNode? whenFalse;
                switch (node)
                {
                    case IfStatementSyntax ifStatement:
                        condition = ifStatement.Condition;
                        whenTrue = ifStatement.Statement;
                        whenFalse = ifStatement.Else?.Statement ?? StatementsAfterExit(ifStatement);
                        break;
                    case ConditionalExpressionSyntax conditional:
                        condition = conditional.Condition;
                        whenTrue = conditional.WhenTrue;
                        whenFalse = conditional.WhenFalse;
                        break;
                    default:
                        continue;
                }

                var flag = UnwrapNegations(condition, out var negated);
                if (whenFalse == null || flag == null)
                {
                    continue;
                }

                var asyncSide = negated ? whenFalse : whenTrue;
                var syncSide = negated ? whenTrue : whenFalse;
                if (!SameOperationOnBothSides(asyncSide, syncSide))
                {
                    continue;
                }

                var symbol = FlagSymbol(flag, model, cancellationToken);
                if (symbol != null && (flags == null || !ContainsSymbol(flags, symbol)))
                {
                    (flags ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(symbol);
                }
            }

            return flags?.ToImmutable() ?? ImmutableArray<ISymbol>.Empty;
        }

        /// <summary>For <c>if (async) { ..; return; }</c> without else: the statements after it are the other side.</summary>
        private static SyntaxNode? StatementsAfterExit(IfStatementSyntax ifStatement)
        {
            if (ifStatement.Else != null || CanCompleteNormally(ifStatement.Statement) || ifStatement.Parent is not BlockSyntax block)
            {
                return null;
            }

            var index = block.Statements.IndexOf(ifStatement);
            return index + 1 < block.Statements.Count ? block.Statements[index + 1] : null;
        }

        /// <summary>A condition that is a flag, possibly negated: <c>async</c>, <c>!async</c>, <c>(isAsync)</c>, <c>async == false</c>.</summary>
        private static ExpressionSyntax? UnwrapNegations(ExpressionSyntax condition, out bool negated)
        {
            negated = false;
            while (true)
            {
                switch (condition)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        condition = parenthesized.Expression;
                        continue;
                    case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                        negated = !negated;
                        condition = not.Operand;
                        continue;
                    case BinaryExpressionSyntax equality when (equality.IsKind(SyntaxKind.EqualsExpression) || equality.IsKind(SyntaxKind.NotEqualsExpression))
                                                               && BooleanLiteral(equality.Right) is { } literal:
                        negated ^= literal != equality.IsKind(SyntaxKind.EqualsExpression);
                        condition = equality.Left;
                        continue;
                }

                return IsFlagShape(condition) ? condition : null;
            }
        }

        /// <summary>
        /// The async side runs <c>XAsync(..)</c> or awaits <c>t</c>; the sync side runs <c>X(..)</c>, blocks on
        /// <c>t</c>, or blocks on <c>XAsync(..)</c> by hand: the same operation, in its two forms.
        /// </summary>
        private static bool SameOperationOnBothSides(SyntaxNode asyncSide, SyntaxNode syncSide)
        {
            HashSet<string>? asyncKeys = null;
            foreach (var node in asyncSide.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when InvokedName(invocation) is { } name
                        && name.Length > AsyncSuffix.Length && name.EndsWith(AsyncSuffix, System.StringComparison.Ordinal):
                        asyncKeys ??= new HashSet<string>(System.StringComparer.Ordinal);
                        asyncKeys.Add(name.Substring(0, name.Length - AsyncSuffix.Length));

                        // The sync side may block on the very same async call by hand (an awaiter and an event).
                        asyncKeys.Add(name);
                        break;
                    case AwaitExpressionSyntax awaitExpression:
                        (asyncKeys ??= new HashSet<string>(System.StringComparer.Ordinal)).Add(AwaitedKeyPrefix + AwaitedText(awaitExpression.Expression));
                        break;
                }
            }

            if (asyncKeys == null)
            {
                return false;
            }

            foreach (var node in syncSide.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when InvokedName(invocation) is { } name:
                        if (asyncKeys.Contains(name))
                        {
                            return true;
                        }

                        // t.GetAwaiter().GetResult() and t.Wait() block on what the other side awaits.
                        if (name is "GetResult" or "Wait" && invocation.Expression is MemberAccessExpressionSyntax { Expression: var blocked }
                            && asyncKeys.Contains(AwaitedKeyPrefix + AwaitedText(blocked is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter } ? getAwaiter.Expression : blocked)))
                        {
                            return true;
                        }

                        break;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result
                        when asyncKeys.Contains(AwaitedKeyPrefix + AwaitedText(result.Expression)):
                        return true;
                }
            }

            return false;
        }

        private static string? InvokedName(InvocationExpressionSyntax invocation)
            => invocation.Expression switch
            {
                MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax memberBinding => memberBinding.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                PostfixUnaryExpressionSyntax { Operand: var operand } => operand switch
                {
                    MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                },
                _ => null,
            };

        /// <summary>The awaited expression without <c>.ConfigureAwait(..)</c> and parentheses, as text.</summary>
        /// <remarks>A node's text leaves out its outer trivia already: no trimmed copy of the node is built for it.</remarks>
        private static string AwaitedText(ExpressionSyntax expression)
            => SyntaxShapes.StripConfigureAwait(expression).ToString();
    }
}
