using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>
    /// What AG0002 knows without looking for siblings: calls whose async counterpart gains nothing, and receivers
    /// that do no IO.
    /// </summary>
    internal static class WellKnownBlockingApis
    {
        /// <summary>Methods never worth replacing, whatever their siblings.</summary>
        public static bool IsExcluded(IMethodSymbol method, WellKnownSymbols types)
        {
            switch (method.Name)
            {
                // Disposal: an explicit Dispose/Close is rarely IO, and `using` is the place for async disposal.
                case "Dispose" or "Close":
                    return true;

                // EF Core: AddAsync exists only for special value generators; Add does no IO.
                case "Add" or "AddRange" when WellKnownSymbols.Is(method.ContainingType, types.EntityFrameworkDbSet)
                                           || WellKnownSymbols.IsOrDerivesFrom(method.ContainingType, types.EntityFrameworkDbContext):
                    return true;
            }

            var type = method.ContainingType;

            // CancellationTokenSource.Cancel runs callbacks; CancelAsync only moves them off the thread. No IO either way.
            return IsInMemoryType(type, types)
                || WellKnownSymbols.Is(type, types.Console)
                || (method.Name == "Cancel" && WellKnownSymbols.IsOrDerivesFrom(type, types.CancellationTokenSource));
        }

        /// <summary>
        /// The receiver does no IO: an in-memory stream, reader, writer or builder (by type, or a local initialised
        /// with one), or Console's own writers and readers.
        /// </summary>
        public static bool IsInMemoryReceiver(IOperation? receiver, WellKnownSymbols types, System.Threading.CancellationToken cancellationToken)
        {
            receiver = receiver == null ? null : OperationShapes.Unwrap(receiver);
            switch (receiver)
            {
                case null:
                    return false;
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Out" or "Error" or "In" } property }
                    when WellKnownSymbols.Is(property.ContainingType, types.Console):
                    return true;
                case ILocalReferenceOperation local when receiver.SemanticModel != null:
                    foreach (var reference in local.Local.DeclaringSyntaxReferences)
                    {
                        if (receiver.SemanticModel.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken) is IVariableDeclaratorOperation declarator
                            && declarator.Initializer?.Value is { } initial
                            && (IsInMemoryType(OperationShapes.Unwrap(initial).Type, types) || WrapsInMemory(initial, types, cancellationToken)))
                        {
                            return true;
                        }
                    }

                    break;
            }

            return IsInMemoryType(receiver.Type, types) || WrapsInMemory(receiver, types, cancellationToken);
        }

        /// <summary>
        /// The call does no IO: it writes to or reads from memory only. Its receiver is in memory
        /// (<see cref="IsInMemoryReceiver"/>) and no stream, reader or writer that does IO is handed to it
        /// (<c>memory.CopyTo(file)</c> does IO); or its receiver is no stream, reader or writer and every one it is
        /// handed is in memory (<c>JsonSerializer.Serialize(memoryStream, value)</c>, <c>image.Save(buffer)</c>).
        /// </summary>
        public static bool IsInMemoryCall(IInvocationOperation invocation, IOperation? receiver, ImmutableArray<INamedTypeSymbol> ioCarriers, WellKnownSymbols types, System.Threading.CancellationToken cancellationToken)
        {
            var receiverInMemory = IsInMemoryReceiver(receiver, types, cancellationToken);
            if (!receiverInMemory && receiver != null && WellKnownSymbols.IsOrDerivesFromAny(OperationShapes.Unwrap(receiver).Type, ioCarriers))
            {
                return false;
            }

            var inMemoryArguments = 0;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Value == null
                    || !WellKnownSymbols.IsOrDerivesFromAny(argument.Parameter?.Type, ioCarriers))
                {
                    continue;
                }

                if (!IsInMemoryReceiver(argument.Value, types, cancellationToken))
                {
                    return false;
                }

                inMemoryArguments++;
            }

            return receiverInMemory || inMemoryArguments > 0;
        }

        /// <summary>
        /// <c>reader.GetFieldValue&lt;T&gt;(i)</c> / <c>reader.IsDBNull(i)</c> on a <c>DbDataReader</c>: once <c>Read</c>
        /// returned, a reader without <c>CommandBehavior.SequentialAccess</c> holds the whole row, so the column is read
        /// from memory. The async forms pay only with sequential access, which must be visible in the calling type (a
        /// reader handed in from elsewhere is taken as the default, buffered kind).
        /// </summary>
        public static bool IsBufferedColumnRead(IInvocationOperation invocation, INamedTypeSymbol? dbDataReader, Func<SyntaxNode, bool> mentionsSequentialAccess)
        {
            var method = invocation.TargetMethod;
            return method.Name is "GetFieldValue" or "IsDBNull"
                && dbDataReader != null
                && WellKnownSymbols.IsOrDerivesFrom(method.ContainingType, dbDataReader)
                && invocation.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type
                && !mentionsSequentialAccess(type);
        }

        /// <summary>Whether a type declaration names <c>SequentialAccess</c> (of <c>CommandBehavior</c>) anywhere.</summary>
        public static bool MentionsSequentialAccess(SyntaxNode type)
        {
            foreach (var token in type.DescendantTokens())
            {
                if (token.RawKind == (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken && token.ValueText == "SequentialAccess")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>GetX(..)</c> next to <c>TryGetX(.., out T)</c> of the same result: the value is memoised (computed once and
        /// kept, as <c>SyntaxTree.GetText</c> / <c>TryGetText</c>), and its async form only waits for the same
        /// in-memory computation, not for IO.
        /// </summary>
        public static bool IsMemoisedValue(IMethodSymbol method)
        {
            if (!method.Name.StartsWith("Get", StringComparison.Ordinal) || method.ReturnsVoid)
            {
                return false;
            }

            var tryName = "Try" + method.Name;
            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(tryName))
                {
                    if (member is IMethodSymbol { Parameters.Length: > 0 } tryGet
                        && tryGet.Parameters[tryGet.Parameters.Length - 1] is { RefKind: RefKind.Out } result
                        && SymbolEqualityComparer.Default.Equals(result.Type.OriginalDefinition, method.ReturnType.OriginalDefinition))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The sibling is declared in source without <c>async</c> and only wraps the blocking method in a completed task
        /// (<c>ReadAsync(r, ct) =&gt; new(Read(r))</c>, <c>{ Write(w, v); return new(); }</c>) or hands it to the thread
        /// pool (an extension <c>SetResultAsync(this TaskCompletionSource&lt;T&gt; source, T r) =&gt; Task.Run(() =&gt;
        /// source.SetResult(r))</c>): calling it instead runs the same blocking call, on this thread or another one.
        /// </summary>
        public static bool IsCompletedTaskWrapper(IMethodSymbol sibling, IMethodSymbol blocking, System.Threading.CancellationToken cancellationToken)
        {
            var declared = (sibling.ReducedFrom ?? sibling).OriginalDefinition;
            if (declared.IsAsync || declared.DeclaringSyntaxReferences.Length != 1
                || declared.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
            {
                return false;
            }

            SyntaxNode? body = (SyntaxNode?)declaration.ExpressionBody ?? declaration.Body;
            if (body == null || (declaration.Body != null && declaration.Body.Statements.Count > 2))
            {
                return false;
            }

            // An extension's own receiver is its `this` parameter.
            var receiver = declared.IsExtensionMethod && declaration.ParameterList.Parameters.Count > 0
                ? declaration.ParameterList.Parameters[0].Identifier.ValueText
                : null;
            foreach (var node in body.DescendantNodes())
            {
                // The blocking method itself, as far as syntax tells: its name and number of arguments
                // (`CloseAsync() => Close(async: true)` calls a dual implementation, not the blocking Close()).
                if (node is InvocationExpressionSyntax invocation
                    && OwnMemberName(invocation.Expression, receiver) == blocking.Name
                    && invocation.ArgumentList.Arguments.Count == blocking.Parameters.Length)
                {
                    return true;
                }
            }

            return false;

            // `Read(..)`, `this.Read(..)`, `base.Read(..)`, an extension's `source.Read(..)`: a call of the receiver's own member.
            static string? OwnMemberName(ExpressionSyntax callee, string? receiver)
                => callee switch
                {
                    IdentifierNameSyntax identifier when receiver == null => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } memberAccess when receiver == null => memberAccess.Name.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target } memberAccess when receiver != null && target.Identifier.ValueText == receiver => memberAccess.Name.Identifier.ValueText,
                    _ => null,
                };
        }

        /// <summary>The in-memory collections a method may consult and still not block (<see cref="CannotBlock"/>).</summary>
        public static readonly string[] InMemoryCollectionNames =
        {
            "System.Collections.Generic.Dictionary`2",
            "System.Collections.Generic.List`1",
            "System.Collections.Generic.HashSet`1",
            "System.Collections.Generic.IDictionary`2",
            "System.Collections.Generic.IReadOnlyDictionary`2",
            "System.Collections.Generic.ICollection`1",
            "System.Collections.Generic.IReadOnlyCollection`1",
            "System.Collections.Generic.IList`1",
            "System.Collections.Generic.IReadOnlyList`1",
            "System.Collections.Concurrent.ConcurrentDictionary`2",
            "System.Collections.Immutable.ImmutableDictionary`2",
            "System.Collections.Immutable.ImmutableArray`1",
            "System.Collections.Immutable.ImmutableList`1",
        };

        /// <summary>
        /// The blocking method is declared in source, cannot be overridden, and its body only reads fields, locals and
        /// parameters and consults in-memory collections (<c>GetRole(id) { if (_roles.TryGetValue(id, out var r))
        /// return r; return null; }</c>, Discord.Net's cached lookup beside an HTTP <c>GetRoleAsync</c>): it cannot
        /// block, whatever its sibling does. Anything else in the body (another call, a property with a getter of its
        /// own, an object created, a lock) counts as possibly blocking; a body that consults no collection at all (a
        /// stub such as <c>=&gt; ""</c>) and a method of another project are taken at their word.
        /// </summary>
        public static bool CannotBlock(IMethodSymbol blocking, SemanticModel model, ImmutableArray<INamedTypeSymbol> collections, System.Threading.CancellationToken cancellationToken)
        {
            var declared = blocking.OriginalDefinition;
            if (declared.IsAbstract || declared.IsVirtual || declared.IsExtern || declared.IsAsync
                || (declared.IsOverride && !declared.IsSealed && !declared.ContainingType.IsSealed)
                || declared.DeclaringSyntaxReferences.Length != 1
                || declared.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
            {
                return false;
            }

            // A method of another project (a compilation reference, as in the IDE) has syntax but no model here.
            SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody?.Expression;
            if (body == null || !model.Compilation.ContainsSyntaxTree(body.SyntaxTree)
                || SemanticModels.For(model, body.SyntaxTree).GetOperation(body, cancellationToken) is not { } operation)
            {
                return false;
            }

            var looksUp = false;
            foreach (var inner in operation.DescendantsAndSelf())
            {
                switch (inner)
                {
                    case IInvocationOperation invocation when WellKnownSymbols.IsAny(invocation.TargetMethod.ContainingType.OriginalDefinition, collections):
                    case IPropertyReferenceOperation collectionProperty when WellKnownSymbols.IsAny(collectionProperty.Property.ContainingType.OriginalDefinition, collections):
                        looksUp = true;
                        break;
                    case IInvocationOperation:
                    case IPropertyReferenceOperation property when !IsAutoProperty(property.Property, cancellationToken):
                    case IObjectCreationOperation:
                    case ILockOperation:
                    case IInvalidOperation:
                    case IDynamicInvocationOperation:
                    case IDynamicMemberReferenceOperation:
                    case IEventReferenceOperation:
                    case IAwaitOperation:
                        return false;
                }
            }

            return looksUp;
        }

        /// <summary>A property declared in source with a plain <c>get;</c>: reading it reads a field.</summary>
        private static bool IsAutoProperty(IPropertySymbol property, System.Threading.CancellationToken cancellationToken)
            => property.GetMethod is { } getter
                && getter.DeclaringSyntaxReferences.Length == 1
                && getter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is AccessorDeclarationSyntax { Body: null, ExpressionBody: null };

        /// <summary>
        /// A writer, reader or stream constructed over an in-memory one (<c>new StreamWriter(memoryStream)</c>,
        /// <c>new GZipStream(buffer, ..)</c>): whatever it does ends in memory.
        /// </summary>
        private static bool WrapsInMemory(IOperation value, WellKnownSymbols types, System.Threading.CancellationToken cancellationToken)
            => OperationShapes.Unwrap(value) is IObjectCreationOperation { Arguments: { Length: > 0 } arguments }
                && arguments[0].Value is { } inner
                && IsInMemoryReceiver(inner, types, cancellationToken);

        /// <summary><c>gate.Wait(0)</c> or <c>gate.Wait(TimeSpan.Zero)</c>: a try-acquire that never blocks.</summary>
        public static bool IsNonBlockingTryAcquire(IInvocationOperation invocation, WellKnownSymbols types)
        {
            if (invocation.TargetMethod.Name != "Wait" || !WellKnownSymbols.IsOrDerivesFrom(invocation.TargetMethod.ContainingType, types.SemaphoreSlim))
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (IsZeroTimeout(OperationShapes.Unwrap(argument.Value), types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>0</c>, <c>TimeSpan.Zero</c>, or a readonly field initialised with one of them that no code of its type
        /// assigns again (a constructor could).
        /// </summary>
        private static bool IsZeroTimeout(IOperation value, WellKnownSymbols types)
        {
            if (value.ConstantValue is { HasValue: true, Value: 0 })
            {
                return true;
            }

            if (value is not IFieldReferenceOperation { Field: var field })
            {
                return false;
            }

            if (field is { Name: "Zero", IsStatic: true } && WellKnownSymbols.Is(field.ContainingType, types.TimeSpan))
            {
                return true;
            }

            if (!field.IsReadOnly || field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: var initial } declarator
                || value.SemanticModel?.SyntaxTree != initial.SyntaxTree
                || value.SemanticModel.GetOperation(initial) is not { } initialValue
                || OperationShapes.Unwrap(initialValue) is IFieldReferenceOperation { Field.DeclaringSyntaxReferences.Length: > 0 }
                || !IsZeroTimeout(OperationShapes.Unwrap(initialValue), types)
                || declarator.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
            {
                return false;
            }

            foreach (var node in type.DescendantNodes())
            {
                var assigned = node is AssignmentExpressionSyntax { Left: var left }
                    ? left switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText,
                        _ => null,
                    }
                    : null;
                if (assigned == field.Name)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsInMemoryType(ITypeSymbol? type, WellKnownSymbols types)
            => WellKnownSymbols.IsOrDerivesFromAny(type, types.InMemoryIoTypes);
    }
}
