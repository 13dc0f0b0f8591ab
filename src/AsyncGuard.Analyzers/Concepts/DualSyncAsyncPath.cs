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
    /// in the member. The async side may hand its work to another method (<c>if (_async) return AsyncCore(..);</c>, a
    /// shared core called with the flag true): that method's body counts as the async side, one call deep. A plain
    /// boolean (<c>item.IsFolder</c>, <c>force</c>) that picks between unrelated work is not one.
    /// One instance per compilation: the flags of a member are worked out once, on first need.
    /// </remarks>
    internal sealed class DualSyncAsyncPath
    {
        private const string AsyncSuffix = "Async";

        private readonly ConcurrentDictionary<SyntaxNode, ImmutableArray<ISymbol>> _flagsByMember =
            new ConcurrentDictionary<SyntaxNode, ImmutableArray<ISymbol>>();

        /// <summary>
        /// Per branch on a flag-shaped condition, its flag or null: every sync call under the same branch asks, and the
        /// member's walk asks again; comparing the two sides is the costly part.
        /// </summary>
        private readonly ConcurrentDictionary<SyntaxNode, ISymbol?> _flagByBranch = new ConcurrentDictionary<SyntaxNode, ISymbol?>();

        /// <summary>
        /// True when <paramref name="call"/> runs only when a mode flag of its member says sync: inside the flag's
        /// false branch, after an early exit taken when the flag is true, or on the right of <c>!async &amp;&amp; ..</c>;
        /// or when a branch on <c>async &amp;&amp; ..</c> chose it over the async form of the same operation
        /// (<c>if (async &amp;&amp; streaming) return ReadAsync(..); x = converter.Read(r);</c>): there the author decided
        /// when the sync form runs in async mode too, which a call after the branch or in a <c>finally</c> never shows.
        /// </summary>
        public bool IsSyncSideOnly(SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
        {
            List<ExpressionSyntax>? falseOnPath = null;
            List<ExpressionSyntax>? decidedOnPath = null;
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
                        CollectDecided(ifStatement.Condition, ref decidedOnPath);
                        break;
                    case ConditionalExpressionSyntax conditional when conditional.WhenTrue == current:
                        CollectFalse(conditional.Condition, whenValue: true, ref falseOnPath);
                        break;
                    case ConditionalExpressionSyntax conditional when conditional.WhenFalse == current:
                        CollectFalse(conditional.Condition, whenValue: false, ref falseOnPath);
                        CollectDecided(conditional.Condition, ref decidedOnPath);
                        break;
                    case BinaryExpressionSyntax binary when binary.Right == current && binary.IsKind(SyntaxKind.LogicalAndExpression):
                        CollectFalse(binary.Left, whenValue: true, ref falseOnPath);
                        break;
                    case BinaryExpressionSyntax binary when binary.Right == current && binary.IsKind(SyntaxKind.LogicalOrExpression):
                        CollectFalse(binary.Left, whenValue: false, ref falseOnPath);
                        break;
                    case BlockSyntax block when current is StatementSyntax statement:
                        CollectEarlyExits(block.Statements, statement, ref falseOnPath, ref decidedOnPath);
                        break;
                    case SwitchSectionSyntax section when current is StatementSyntax statement:
                        CollectEarlyExits(section.Statements, statement, ref falseOnPath, ref decidedOnPath);
                        break;
                }

                if (IsMember(parent))
                {
                    member = parent;
                    break;
                }
            }

            if ((falseOnPath == null && decidedOnPath == null) || member == null)
            {
                return false;
            }

            // The branches on the path are the member's branches too: where one of them is a mode branch, it answers
            // without the walk of the whole member (most sync calls of dual code sit right in the sync side of theirs).
            // A deciding condition is one only by its own branch.
            if (decidedOnPath != null)
            {
                foreach (var condition in decidedOnPath)
                {
                    if (ModeFlagOf(condition.Parent!, model, cancellationToken, out var decides) != null && decides)
                    {
                        return true;
                    }
                }
            }

            if (falseOnPath == null)
            {
                return false;
            }

            for (var i = 0; i < falseOnPath.Count; i++)
            {
                // Where the expression is its branch's own flag (`if (async) .. else Read()`), the branch's answer is its
                // symbol already: no second lookup of the same name.
                ExpressionSyntax? flagExpression = null;
                var branchFlag = EnclosingBranch(falseOnPath[i], member) is { } branch ? ModeFlagOf(branch, model, cancellationToken, out _, out flagExpression) : null;
                if (branchFlag != null
                    && (flagExpression == falseOnPath[i] || SymbolEqualityComparer.Default.Equals(branchFlag, FlagSymbol(falseOnPath[i], model, cancellationToken))))
                {
                    return true;
                }
            }

            // Otherwise a name is a flag only as one of the member's: its symbol is looked up only where the member has
            // any (most have none).
            var flags = _flagsByMember.GetOrAdd(member, m => FindFlags(m, model, cancellationToken));
            if (!flags.IsEmpty)
            {
                foreach (var expression in falseOnPath)
                {
                    if (FlagSymbol(expression, model, cancellationToken) is { } symbol && ContainsSymbol(flags, symbol))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The <c>if</c> or <c>?:</c> of <paramref name="member"/> whose condition holds <paramref name="expression"/>.</summary>
        private static SyntaxNode? EnclosingBranch(ExpressionSyntax expression, SyntaxNode member)
        {
            for (SyntaxNode? current = expression.Parent; current != null && current != member; current = current.Parent)
            {
                if (current is IfStatementSyntax or ConditionalExpressionSyntax)
                {
                    return current;
                }

                if (current is StatementSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>The mode flags of a member, if it is dual code at all: one walk of its body.</summary>
        public ImmutableArray<ISymbol> ModeFlags(SyntaxNode call, SemanticModel model, CancellationToken cancellationToken)
        {
            for (var current = call; current != null; current = current.Parent)
            {
                if (IsMember(current))
                {
                    return _flagsByMember.GetOrAdd(current, m => FindFlags(m, model, cancellationToken));
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
        private static void CollectEarlyExits(SyntaxList<StatementSyntax> statements, StatementSyntax statement, ref List<ExpressionSyntax>? falseOnPath, ref List<ExpressionSyntax>? decidedOnPath)
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
                        CollectDecided(ifStatement.Condition, ref decidedOnPath);
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

        /// <summary>A condition <c>async &amp;&amp; ..</c> passed on its false side: a candidate deciding branch (checked against the member's).</summary>
        private static void CollectDecided(ExpressionSyntax condition, ref List<ExpressionSyntax>? into)
        {
            if (FlagConjunct(condition) != null)
            {
                (into ??= new List<ExpressionSyntax>()).Add(condition);
            }
        }

        /// <summary>In <c>a &amp;&amp; async &amp;&amp; b</c> (parentheses allowed), the first flag-shaped conjunct, taken as it is (not negated).</summary>
        private static ExpressionSyntax? FlagConjunct(ExpressionSyntax condition)
        {
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            if (!condition.IsKind(SyntaxKind.LogicalAndExpression))
            {
                return null;
            }

            var and = (BinaryExpressionSyntax)condition;
            return FlagConjunct(and.Left) ?? FlagConjunct(and.Right) ?? PlainFlag(and.Left) ?? PlainFlag(and.Right);

            static ExpressionSyntax? PlainFlag(ExpressionSyntax operand)
            {
                while (operand is ParenthesizedExpressionSyntax parenthesized)
                {
                    operand = parenthesized.Expression;
                }

                return IsFlagShape(operand) ? operand : null;
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

        /// <summary>The mode flags of a member: one walk of its body.</summary>
        private ImmutableArray<ISymbol> FindFlags(SyntaxNode member, SemanticModel model, CancellationToken cancellationToken)
        {
            ImmutableArray<ISymbol>.Builder? flags = null;
            foreach (var node in member.DescendantNodes())
            {
                if (node is IfStatementSyntax or ConditionalExpressionSyntax
                    && ModeFlagOf(node, model, cancellationToken, out _) is { } symbol
                    && (flags == null || !ContainsSymbol(flags, symbol)))
                {
                    (flags ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(symbol);
                }
            }

            return flags?.ToImmutable() ?? ImmutableArray<ISymbol>.Empty;
        }

        /// <summary>
        /// The flag of a mode branch: an <c>if</c> or <c>?:</c> on a flag (possibly negated), or on <c>async &amp;&amp; ..</c>
        /// (<paramref name="decides"/>: it picks between the two forms of one operation), whose two sides run the async
        /// and the sync form of the same operation. Null for any other node.
        /// </summary>
        private ISymbol? ModeFlagOf(SyntaxNode branch, SemanticModel model, CancellationToken cancellationToken, out bool decides)
            => ModeFlagOf(branch, model, cancellationToken, out decides, out _);

        /// <summary><see cref="ModeFlagOf(SyntaxNode, SemanticModel, CancellationToken, out bool)"/>, with the expression the flag was read from.</summary>
        private ISymbol? ModeFlagOf(SyntaxNode branch, SemanticModel model, CancellationToken cancellationToken, out bool decides, out ExpressionSyntax? flagExpression)
        {
            decides = false;
            flagExpression = null;
            ExpressionSyntax condition;
            SyntaxNode whenTrue;
            SyntaxNode? whenFalse;
            switch (branch)
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
                    return null;
            }

            if (whenFalse == null)
            {
                return null;
            }

            var flag = UnwrapNegations(condition, out var negated);
            if (flag == null)
            {
                flag = FlagConjunct(condition);
                negated = false;
                decides = true;
                if (flag == null)
                {
                    return null;
                }
            }

            flagExpression = flag;
            if (!_flagByBranch.TryGetValue(branch, out var symbol))
            {
                var asyncSide = negated ? whenFalse : whenTrue;
                var syncSide = negated ? whenTrue : whenFalse;
                symbol = SameOperationOnBothSides(asyncSide, syncSide, model, cancellationToken) ? FlagSymbol(flag, model, cancellationToken) : null;
                _flagByBranch.TryAdd(branch, symbol);
            }

            return symbol;
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
        /// <c>t</c>, or blocks on <c>XAsync(..)</c> by hand: the same operation, in its two forms. The async side may
        /// also hand its work to another method, returning or awaiting its call (<c>return ReadAsync(r, e);</c> of a
        /// local function that awaits <c>r.ReadBytesAsync(..)</c>, <c>await Core(async: true)</c>): what that
        /// method's own body runs counts as the async side's, one call deep.
        /// </summary>
        private static bool SameOperationOnBothSides(SyntaxNode asyncSide, SyntaxNode syncSide, SemanticModel model, CancellationToken cancellationToken)
        {
            AsyncSideKeys? asyncKeys = null;
            AddAsyncKeys(asyncSide, ref asyncKeys);
            if (asyncKeys != null && SyncSideMatches(syncSide, asyncKeys))
            {
                return true;
            }

            var delegated = false;
            foreach (var node in asyncSide.DescendantNodesAndSelf())
            {
                if (node is InvocationExpressionSyntax invocation && IsHandedOver(invocation, asyncSide)
                    && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { DeclaringSyntaxReferences: { IsEmpty: false } references })
                {
                    foreach (var reference in references)
                    {
                        if (BodyOf(reference.GetSyntax(cancellationToken)) is { } body)
                        {
                            AddAsyncKeys(body, ref asyncKeys);
                            delegated = true;
                        }
                    }
                }
            }

            return delegated && asyncKeys != null && SyncSideMatches(syncSide, asyncKeys);
        }

        /// <summary>The call is the async side's result: the side itself, returned, or awaited.</summary>
        private static bool IsHandedOver(InvocationExpressionSyntax invocation, SyntaxNode asyncSide)
        {
            SyntaxNode node = invocation;
            while (node.Parent is ParenthesizedExpressionSyntax
                   || node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } && node.Parent.Parent is InvocationExpressionSyntax)
            {
                node = node.Parent is ParenthesizedExpressionSyntax ? node.Parent : node.Parent.Parent!;
            }

            return node == asyncSide || node.Parent is ReturnStatementSyntax or AwaitExpressionSyntax or ArrowExpressionClauseSyntax;
        }

        /// <summary>The body of a method or local function declaration, block or expression.</summary>
        private static SyntaxNode? BodyOf(SyntaxNode declaration)
            => declaration switch
            {
                BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
                LocalFunctionStatementSyntax localFunction => (SyntaxNode?)localFunction.Body ?? localFunction.ExpressionBody,
                _ => null,
            };

        private static void AddAsyncKeys(SyntaxNode asyncSide, ref AsyncSideKeys? asyncKeys)
        {
            foreach (var node in asyncSide.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when InvokedName(invocation) is { } name
                        && name.Length > AsyncSuffix.Length && name.EndsWith(AsyncSuffix, System.StringComparison.Ordinal):
                        asyncKeys ??= new AsyncSideKeys();
                        asyncKeys.Names.Add(name.Substring(0, name.Length - AsyncSuffix.Length));

                        // The sync side may block on the very same async call by hand (an awaiter and an event).
                        asyncKeys.Names.Add(name);
                        break;
                    case AwaitExpressionSyntax awaitExpression:
                        (asyncKeys ??= new AsyncSideKeys()).Awaited.Add(SyntaxShapes.StripConfigureAwait(awaitExpression.Expression));
                        break;
                }
            }
        }

        private static bool SyncSideMatches(SyntaxNode syncSide, AsyncSideKeys asyncKeys)
        {
            foreach (var node in syncSide.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when InvokedName(invocation) is { } name:
                        if (asyncKeys.Names.Contains(name))
                        {
                            return true;
                        }

                        // t.GetAwaiter().GetResult() and t.Wait() block on what the other side awaits.
                        if (name is "GetResult" or "Wait" && invocation.Expression is MemberAccessExpressionSyntax { Expression: var blocked }
                            && asyncKeys.Awaits(blocked is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter } ? getAwaiter.Expression : blocked))
                        {
                            return true;
                        }

                        break;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result
                        when asyncKeys.Awaits(result.Expression):
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

        /// <summary>What an async side runs: its <c>XAsync</c> calls' names (with and without the suffix), and what it awaits.</summary>
        private sealed class AsyncSideKeys
        {
            public HashSet<string> Names { get; } = new HashSet<string>(System.StringComparer.Ordinal);

            /// <summary>The awaited expressions, without <c>.ConfigureAwait(..)</c> and parentheses.</summary>
            public List<ExpressionSyntax> Awaited { get; } = new List<ExpressionSyntax>();

            /// <summary>
            /// The side awaits the same expression, as text (<c>.ConfigureAwait(..)</c> and parentheses aside), that
            /// <paramref name="blocked"/> blocks on. Texts are made only where a sync side blocks, and only of expressions
            /// as long as the blocked one (a node's text is its span, outer trivia left out): most sides block on nothing.
            /// </summary>
            public bool Awaits(ExpressionSyntax blocked)
            {
                if (Awaited.Count == 0)
                {
                    return false;
                }

                var stripped = SyntaxShapes.StripConfigureAwait(blocked);
                string? text = null;
                foreach (var awaited in Awaited)
                {
                    if (awaited.Span.Length == stripped.Span.Length && awaited.ToString() == (text ??= stripped.ToString()))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }
}
