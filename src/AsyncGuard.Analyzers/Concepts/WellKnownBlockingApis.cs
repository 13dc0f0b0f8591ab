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
