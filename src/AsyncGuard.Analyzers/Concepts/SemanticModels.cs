using Microsoft.CodeAnalysis;

namespace AsyncGuard.Concepts
{
    /// <summary>Semantic models for looking one level into another method (AG0003 throttles, AG0004 guards).</summary>
    internal static class SemanticModels
    {
        /// <summary>
        /// The model at hand when the tree is the same (the usual case: helpers sit next to their callers); otherwise a
        /// model of the other tree, which the compiler caches per compilation.
        /// </summary>
        public static SemanticModel For(SemanticModel current, SyntaxTree tree)
            => current.SyntaxTree == tree ? current : current.Compilation.GetSemanticModel(tree);
    }
}
