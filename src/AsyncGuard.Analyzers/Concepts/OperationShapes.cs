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

        /// <summary><c>t.ConfigureAwait(false)</c> → <c>t</c> (unwrapped); anything else unchanged.</summary>
        public static IOperation StripConfigureAwait(IOperation operation)
        {
            operation = Unwrap(operation);
            return operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } ? Unwrap(instance) : operation;
        }
    }
}
