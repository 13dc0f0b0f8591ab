using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// What keeps a fan-out from being unbounded: a source of at most a small constant number of items
    /// (<c>Enumerable.Range(0, 4)</c>, <c>Take(5)</c>, a short array, <c>for (i = 0; i &lt; 4; i++)</c>), or a throttle
    /// each item awaits before its work (<c>SemaphoreSlim.WaitAsync</c>, <c>RateLimiter.AcquireAsync</c>).
    /// </summary>
    internal static class FanOutLimits
    {
        public static bool IsBounded(FanOut fanOut, int maxItems, CancellationToken cancellationToken)
            => fanOut.Source is IForLoopOperation forLoop
                ? ForLoopBound(forLoop) is { } bound && bound <= maxItems
                : ItemCountBound(fanOut.Source, fanOut.Types, cancellationToken, depth: 0) is { } count && count <= maxItems;

        /// <summary>The work of each item, or the loop body, awaits a throttle.</summary>
        public static bool IsThrottled(FanOut fanOut, CancellationToken cancellationToken)
        {
            var model = fanOut.WhenAll.SemanticModel!;
            var scope = fanOut.Kind == FanOutKind.Loop ? fanOut.StartSyntax : fanOut.ItemWork.Syntax;
            if (ContainsThrottleAwait(scope, model, fanOut.Types, cancellationToken))
            {
                return true;
            }

            // A method group: look one level into the method, when it is written in this compilation.
            if (fanOut.ItemWork is IMethodReferenceOperation reference)
            {
                foreach (var declaration in reference.Method.DeclaringSyntaxReferences)
                {
                    var syntax = declaration.GetSyntax(cancellationToken);
                    var methodModel = SemanticModels.For(model, syntax.SyntaxTree);
                    if (ContainsThrottleAwait(syntax, methodModel, fanOut.Types, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool ContainsThrottleAwait(SyntaxNode scope, SemanticModel model, WellKnownSymbols types, CancellationToken cancellationToken)
        {
            foreach (var node in scope.DescendantNodes())
            {
                if (node is AwaitExpressionSyntax { Expression: var awaited }
                    && SyntaxShapes.StripConfigureAwait(awaited) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WaitAsync" or "AcquireAsync" } } call
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method
                    && IsThrottle(method.ContainingType, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsThrottle(INamedTypeSymbol? type, WellKnownSymbols types)
            => WellKnownSymbols.IsOrDerivesFrom(type, types.SemaphoreSlim) || WellKnownSymbols.IsOrDerivesFrom(type, types.RateLimiter);

        /// <summary>An upper bound of the items a source yields, when one is written in the code.</summary>
        private static int? ItemCountBound(IOperation source, WellKnownSymbols types, CancellationToken cancellationToken, int depth)
        {
            if (depth > 8)
            {
                return null;
            }

            source = FanOut.Unwrap(source);
            switch (source)
            {
                case IInvocationOperation { TargetMethod.Name: "Range" } range when types.IsLinq(range.TargetMethod) && range.Arguments.Length == 2:
                    return Constant(range.Arguments[1].Value);

                case IInvocationOperation { TargetMethod.Name: "Repeat" } repeat when types.IsLinq(repeat.TargetMethod) && repeat.Arguments.Length == 2:
                    return Constant(repeat.Arguments[1].Value);

                case IInvocationOperation { TargetMethod.Name: "Take" } take when types.IsLinq(take.TargetMethod) && take.Arguments.Length == 2:
                    var taken = Constant(take.Arguments[1].Value);
                    var fromSource = ItemCountBound(take.Arguments[0].Value, types, cancellationToken, depth + 1);
                    return taken is { } t && fromSource is { } s ? System.Math.Min(t, s) : taken ?? fromSource;

                // Operators that never yield more items than their source.
                case IInvocationOperation { TargetMethod.Name: "Where" or "Select" or "Skip" or "Distinct" or "OrderBy" or "OrderByDescending" or "ThenBy" or "ToArray" or "ToList" or "AsEnumerable" or "Reverse" } op
                    when types.IsLinq(op.TargetMethod) && op.Arguments.Length >= 1:
                    return ItemCountBound(op.Arguments[0].Value, types, cancellationToken, depth + 1);

                case IArrayCreationOperation { Initializer: { } initializer }:
                    return initializer.ElementValues.Length;

                case IObjectCreationOperation { Initializer: IObjectOrCollectionInitializerOperation collection }:
                    return collection.Initializers.Length;

                // Enum.GetValues<T>() / Enum.GetValues(typeof(T)): one item per member of the enum.
                case IInvocationOperation { TargetMethod: { Name: "GetValues" or "GetNames", IsStatic: true, ContainingType.SpecialType: SpecialType.System_Enum } } getValues:
                    var enumType = getValues.TargetMethod.TypeArguments.Length == 1
                        ? getValues.TargetMethod.TypeArguments[0]
                        : getValues.Arguments.Length == 1 && FanOut.Unwrap(getValues.Arguments[0].Value) is ITypeOfOperation typeOf ? typeOf.TypeOperand : null;
                    return enumType is INamedTypeSymbol { TypeKind: TypeKind.Enum } namedEnum ? CountEnumMembers(namedEnum) : null;

                // A static readonly array or collection written in the code: its length is fixed there.
                case IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: true, DeclaringSyntaxReferences.Length: 1 } field }:
                    return field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: var fieldValue }
                        ? WrittenLength(fieldValue)
                        : null;

                // foreach (var chunk in ids.Chunk(10)) await Task.WhenAll(chunk.Select(..)): manual batching, 10 at a time.
                case ILocalReferenceOperation local when local.Local.DeclaringSyntaxReferences.Length == 1 && local.SemanticModel != null
                    && local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is ForEachStatementSyntax forEach:
                    return local.SemanticModel.GetOperation(forEach.Expression, cancellationToken) is { } collectionOperation
                        && FanOut.Unwrap(collectionOperation) is IInvocationOperation { TargetMethod.Name: "Chunk" } chunk
                        && types.IsLinq(chunk.TargetMethod) && chunk.Arguments.Length == 2
                        ? Constant(chunk.Arguments[1].Value)
                        : null;

                case ILocalReferenceOperation local when local.Local.DeclaringSyntaxReferences.Length == 1 && local.SemanticModel != null:
                    var declarator = local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                    if (declarator is VariableDeclaratorSyntax { Initializer.Value: CollectionExpressionSyntax collectionExpression })
                    {
                        return collectionExpression.Elements.Count;
                    }

                    return local.SemanticModel.GetOperation(declarator, cancellationToken) is IVariableDeclaratorOperation { Initializer.Value: { } value }
                        ? ItemCountBound(value, types, cancellationToken, depth + 1)
                        : null;

                default:
                    return source.Syntax is CollectionExpressionSyntax expression ? expression.Elements.Count : null;
            }
        }

        /// <summary>The number of items of an array creation or collection expression as written, else null.</summary>
        private static int? WrittenLength(ExpressionSyntax value)
            => value switch
            {
                CollectionExpressionSyntax collection => collection.Elements.Count,
                ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.Count,
                ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Count,
                InitializerExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.ArrayInitializerExpression } initializer => initializer.Expressions.Count,
                _ => null,
            };

        private static int CountEnumMembers(INamedTypeSymbol enumType)
        {
            var count = 0;
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { IsConst: true })
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary><c>for (var i = a; i &lt; N; i++)</c> with constant a and N: N - a iterations.</summary>
        private static int? ForLoopBound(IForLoopOperation loop)
        {
            if (loop.Condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual } condition
                && Constant(condition.RightOperand) is { } limit)
            {
                var start = 0;
                if (loop.Before.Length == 1 && loop.Before[0] is IVariableDeclarationGroupOperation group
                    && group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1
                    && group.Declarations[0].Declarators[0].Initializer?.Value is { } initial)
                {
                    start = Constant(initial) ?? 0;
                }

                return limit - start + (condition.OperatorKind == BinaryOperatorKind.LessThanOrEqual ? 1 : 0);
            }

            return null;
        }

        private static int? Constant(IOperation operation)
            => FanOut.Unwrap(operation).ConstantValue is { HasValue: true, Value: int value } ? value : null;
    }
}
