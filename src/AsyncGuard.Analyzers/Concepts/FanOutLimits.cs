using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// What keeps a fan-out from being unbounded. Its width is bounded by the code or the configuration, not by the data:
    /// a source of at most a small constant number of items (<c>Enumerable.Range(0, 4)</c>, <c>Take(5)</c>, a short
    /// array, <c>for (i = 0; i &lt; 4; i++)</c>), a pool of N identical workers, or a broadcast to the set of services
    /// the class was given. Or its concurrency is bounded: a throttle each item awaits before its work
    /// (<c>SemaphoreSlim.WaitAsync</c>, <c>RateLimiter.AcquireAsync</c>). AG0003 and AG0004 share this notion.
    /// </summary>
    internal static class FanOutLimits
    {
        /// <summary>The number of items is bounded by a constant of the code (at most <paramref name="maxItems"/>) or by configuration.</summary>
        public static bool IsBounded(FanOut fanOut, int maxItems, ISymbol containingSymbol, CancellationToken cancellationToken)
            => IsBoundedSource(fanOut.Source, fanOut.Types, maxItems, cancellationToken)
                || IsWorkerPool(fanOut, cancellationToken)
                || IsBroadcastToServices(ItemsType(fanOut.Source), containingSymbol, cancellationToken);

        /// <summary>
        /// The type of the collection whose items the fan-out visits: the source's, or for <c>for (var i = 0; i &lt;
        /// items.Length; i++)</c> the type of <c>items</c>.
        /// </summary>
        private static ITypeSymbol? ItemsType(IOperation source)
            => source is IForLoopOperation { Condition: IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual } condition }
                ? FanOut.Unwrap(condition.RightOperand) switch
                {
                    IPropertyReferenceOperation { Property.Name: "Count" or "Length", Instance: { } items } => items.Type,
                    _ => null,
                }
                : source.Type;

        /// <summary>A source of at most <paramref name="maxItems"/> items, by a constant written in the code.</summary>
        public static bool IsBoundedSource(IOperation source, WellKnownSymbols types, int maxItems, CancellationToken cancellationToken)
            => source is IForLoopOperation forLoop
                ? ForLoopBound(forLoop) is { } bound && bound <= maxItems
                : ItemCountBound(source, types, cancellationToken, depth: 0) is { } count && count <= maxItems;

        /// <summary>
        /// <c>Enumerable.Range(0, workers).Select(_ => ConsumeAsync(queue))</c>, <c>for (var i = 0; i &lt; workers; i++)
        /// tasks.Add(Task.Run(ConsumeAsync))</c>: N identical workers that share their input. The index is not read by the
        /// work, so no item of data is behind a task, and N is not the size of a collection: it is a degree of
        /// concurrency the author chose.
        /// </summary>
        private static bool IsWorkerPool(FanOut fanOut, CancellationToken cancellationToken)
        {
            switch (fanOut.Source)
            {
                case IInvocationOperation { TargetMethod.Name: "Range", Arguments.Length: 2 } range when fanOut.Types.IsLinq(range.TargetMethod):
                    return fanOut.ItemWork is IAnonymousFunctionOperation { Symbol.Parameters.Length: 1 } lambda
                        && !Reads(lambda.Body, lambda.Symbol.Parameters[0])
                        && !IsCollectionSize(range.Arguments[1].Value, cancellationToken);

                case IForLoopOperation forLoop:
                    if (forLoop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual } condition
                        || IsCollectionSize(condition.RightOperand, cancellationToken))
                    {
                        return false;
                    }

                    foreach (var local in forLoop.Locals)
                    {
                        if (Reads(fanOut.ItemWork, local))
                        {
                            return false;
                        }
                    }

                    return true;

                default:
                    return false;
            }
        }

        private static bool Reads(IOperation scope, ISymbol variable)
        {
            foreach (var operation in scope.DescendantsAndSelf())
            {
                if ((operation is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter, variable))
                    || (operation is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, variable)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A degree of parallelism that limits nothing: <c>int.MaxValue</c>, or the size of a collection.</summary>
        public static bool DoesNotLimit(IOperation degree, CancellationToken cancellationToken)
            => FanOut.Unwrap(degree).ConstantValue is { HasValue: true, Value: int.MaxValue } || IsCollectionSize(degree, cancellationToken);

        /// <summary>The expression is (or is computed from) a collection's <c>Count</c>, <c>Length</c> or <c>Count()</c>, also through a local.</summary>
        private static bool IsCollectionSize(IOperation value, CancellationToken cancellationToken, int depth = 0)
        {
            foreach (var operation in FanOut.Unwrap(value).DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.Name: "Count" or "Length" or "LongLength" }:
                    case IInvocationOperation { TargetMethod.Name: "Count" or "LongCount" }:
                        return true;
                    case ILocalReferenceOperation local when depth < 2:
                        if (OperationShapes.InitialValue(local, cancellationToken) is { } initial && IsCollectionSize(initial, cancellationToken, depth + 1))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>_providers.Select(p => p.GetAsync(item))</c> in a class that was handed its providers: the items are
        /// implementations of an interface (or abstract class), and the class stores a collection of them, given to a
        /// constructor or method, in a field or property (dependency injection of <c>IEnumerable&lt;IProvider&gt;</c>, a
        /// plugin loader's <c>AddParts(..)</c>). Their number is set by the registrations, not by the data the call
        /// processes. Looked at only for a fan-out that is otherwise unbounded: the class's members, and the bodies of
        /// the members that take such a collection.
        /// </summary>
        internal static bool IsBroadcastToServices(ITypeSymbol? sourceType, ISymbol containingSymbol, CancellationToken cancellationToken = default)
        {
            if (ElementTypeOf(sourceType) is not INamedTypeSymbol { TypeKind: TypeKind.Interface or TypeKind.Class } element
                || (element.TypeKind == TypeKind.Class && !element.IsAbstract)
                || containingSymbol.ContainingType is not { } owner)
            {
                return false;
            }

            var stored = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
            foreach (var member in owner.GetMembers())
            {
                if ((member is IFieldSymbol field && HoldsServices(field.Type, element)) || (member is IPropertySymbol property && HoldsServices(property.Type, element)))
                {
                    stored.Add(member.Name);
                }
            }

            if (stored.Count == 0)
            {
                return false;
            }

            foreach (var member in owner.GetMembers())
            {
                // The method that fans out does not count: its own parameter may be any data its caller passes.
                if (member is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.Ordinary } method
                    || SymbolEqualityComparer.Default.Equals(method, containingSymbol))
                {
                    continue;
                }

                foreach (var parameter in method.Parameters)
                {
                    if (HoldsServices(parameter.Type, element) && StoresParameter(method, parameter, stored, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The member assigns the parameter (or something computed from it, <c>providers.ToArray()</c>) to one of the
        /// <paramref name="stored"/> members; for a primary constructor, a member's initializer reads it.
        /// </summary>
        private static bool StoresParameter(IMethodSymbol method, IParameterSymbol parameter, System.Collections.Generic.HashSet<string> stored, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                var derived = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal) { parameter.Name };
                if (syntax is TypeDeclarationSyntax primaryConstructorType)
                {
                    foreach (var node in primaryConstructorType.Members)
                    {
                        if ((node is FieldDeclarationSyntax or PropertyDeclarationSyntax) && MentionsAny(node, derived))
                        {
                            return true;
                        }
                    }

                    continue;
                }

                // `var all = providers.OrderBy(..).ToArray(); _external = all.OfType<IExternal>().ToArray();`: locals computed
                // from the parameter carry it, in the order they are written.
                foreach (var node in syntax.DescendantNodes())
                {
                    if (node is VariableDeclaratorSyntax { Initializer.Value: var initial } local && MentionsAny(initial, derived))
                    {
                        derived.Add(local.Identifier.ValueText);
                    }
                    else if (node is AssignmentExpressionSyntax assignment
                        && AssignedName(assignment.Left) is { } name && stored.Contains(name)
                        && MentionsAny(assignment.Right, derived))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static string? AssignedName(ExpressionSyntax left)
            => left switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
                _ => null,
            };

        private static bool MentionsAny(SyntaxNode node, System.Collections.Generic.HashSet<string> names)
        {
            foreach (var identifier in node.DescendantNodesAndSelf())
            {
                if (identifier is IdentifierNameSyntax { Identifier.ValueText: var text } && names.Contains(text))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A collection of <paramref name="element"/>, of a service type it implements, or of a more specific kind of it
        /// (a class given all its <c>ISearchProvider</c>s keeps the <c>IExternalSearchProvider</c>s among them).
        /// </summary>
        private static bool HoldsServices(ITypeSymbol type, INamedTypeSymbol element)
            => ElementTypeOf(type) is INamedTypeSymbol held
                && (SymbolEqualityComparer.Default.Equals(held, element) || IsKindOf(element, held) || IsKindOf(held, element));

        /// <summary><paramref name="type"/> implements the interface or derives from the abstract class <paramref name="service"/>.</summary>
        private static bool IsKindOf(INamedTypeSymbol type, INamedTypeSymbol service)
        {
            if (service.TypeKind != TypeKind.Interface)
            {
                return service.IsAbstract && WellKnownSymbols.IsOrDerivesFrom(type, service);
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(@interface, service))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>T of a <c>T[]</c> or of a type that is or implements <c>IEnumerable&lt;T&gt;</c>.</summary>
        private static ITypeSymbol? ElementTypeOf(ITypeSymbol? type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            if (type is not INamedTypeSymbol named || named.SpecialType == SpecialType.System_String)
            {
                return null;
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return named.TypeArguments[0];
            }

            foreach (var @interface in named.AllInterfaces)
            {
                if (@interface.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                {
                    return @interface.TypeArguments[0];
                }
            }

            return null;
        }

        /// <summary>The work of each item, or the loop body, awaits a throttle.</summary>
        public static bool IsThrottled(FanOut fanOut, CancellationToken cancellationToken)
        {
            var model = fanOut.WhenAll.SemanticModel!;
            var scope = fanOut.Kind == FanOutKind.Loop ? fanOut.StartSyntax : fanOut.ItemWork.Syntax;
            if (ContainsThrottleAwait(scope, model, fanOut.Types, cancellationToken))
            {
                return true;
            }

            // A method group, or a method the item calls (`await FetchGatedAsync(u)`): look one level into the method,
            // when it is written in this compilation.
            if (fanOut.ItemWork is IMethodReferenceOperation reference)
            {
                return MethodAwaitsThrottle(reference.Method, model, fanOut.Types, cancellationToken);
            }

            foreach (var node in scope.DescendantNodesAndSelf())
            {
                if (node is InvocationExpressionSyntax call
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } called
                    && MethodAwaitsThrottle(called, model, fanOut.Types, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MethodAwaitsThrottle(IMethodSymbol method, SemanticModel model, WellKnownSymbols types, CancellationToken cancellationToken)
        {
            foreach (var declaration in method.OriginalDefinition.DeclaringSyntaxReferences)
            {
                var syntax = declaration.GetSyntax(cancellationToken);
                if (model.Compilation.ContainsSyntaxTree(syntax.SyntaxTree)
                    && ContainsThrottleAwait(syntax, SemanticModels.For(model, syntax.SyntaxTree), types, cancellationToken))
                {
                    return true;
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

                    return OperationShapes.InitialValue(local, cancellationToken) is { } value
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
