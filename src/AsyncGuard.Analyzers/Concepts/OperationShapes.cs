using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuard.Concepts
{
    /// <summary>Looking through the wrappers the compiler puts around a value, to the operation that produces it.</summary>
    internal static class OperationShapes
    {
        /// <summary>Strips conversions, parentheses and delegate creations: <c>(Func&lt;..&gt;)(x => ..)</c> → the lambda.</summary>
        public static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    case IDelegateCreationOperation creation:
                        operation = creation.Target;
                        break;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>
        /// The value a local starts with (<c>var x = value;</c>), or null when it has none or more than one declaration.
        /// A local is declared in the tree of its references, so the reference's semantic model can bind its declarator.
        /// </summary>
        public static IOperation? InitialValue(ILocalReferenceOperation reference, System.Threading.CancellationToken cancellationToken)
            => reference.Local.DeclaringSyntaxReferences.Length == 1
                && reference.SemanticModel is { } model
                && model.GetOperation(reference.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken), cancellationToken) is IVariableDeclaratorOperation { Initializer.Value: { } value }
                ? value
                : null;

        /// <summary><c>t.ConfigureAwait(false)</c> → <c>t</c> (unwrapped); anything else unchanged.</summary>
        public static IOperation StripConfigureAwait(IOperation operation)
        {
            operation = Unwrap(operation);
            return operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } ? Unwrap(instance) : operation;
        }
    }
}
