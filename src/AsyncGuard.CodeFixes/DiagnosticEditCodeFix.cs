using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// Base of AsyncGuard's fixers. Each diagnostic's default fix (the first safe <see cref="FixShape"/> that applies to
    /// it) is registered first, under one equivalence key per rule, <see cref="DefaultEquivalenceKey"/>: Fix All with that
    /// key (or with none) applies every diagnostic's own default fix, whatever mix of shapes the rule has.
    /// <c>dotnet format</c> takes the key of the first action registered for the first diagnostic it lists, so that one
    /// run fixes every fixable diagnostic of the rule in any order, and a diagnostic without a fix (no action, null key)
    /// blocks nothing. Further safe shapes are offered with keys of their own; shapes that need review have none. A shape
    /// is registered only when applying it changes the document (it is applied once, here, and the action hands back
    /// that result), so no light bulb offers a fix that then does nothing.
    /// </summary>
    public abstract class DiagnosticEditCodeFix : CodeFixProvider
    {
        private readonly ImmutableArray<FixShape> _shapes;

        private protected DiagnosticEditCodeFix(string ruleId, params FixShape[] shapes)
        {
            _shapes = ImmutableArray.Create(shapes);
            DefaultEquivalenceKey = DefaultKeyOf(ruleId);
        }

        /// <summary>The equivalence key of every diagnostic's default fix for this rule.</summary>
        public string DefaultEquivalenceKey { get; }

        public static string DefaultKeyOf(string ruleId) => "AsyncGuard." + ruleId;

        public sealed override FixAllProvider GetFixAllProvider() => new SyntaxEditorFixAllProvider(_shapes, DefaultEquivalenceKey);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var defaultRegistered = false;
                foreach (var shape in _shapes)
                {
                    var title = shape.TitleIfApplicable(diagnostic);
                    if (title == null || !await shape.AppliesAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)
                        || await SyntaxEditorFixAllProvider.ChangedDocumentOrNullAsync(context.Document, diagnostic, shape.Edit, context.CancellationToken).ConfigureAwait(false) is not { } changed
                        || (shape.MustCompile && !await AddsNoErrorAsync(context.Document, changed, context.CancellationToken).ConfigureAwait(false)))
                    {
                        continue;
                    }

                    string? key;
                    if (shape.NeedsReview)
                    {
                        key = null;
                    }
                    else if (!defaultRegistered)
                    {
                        key = DefaultEquivalenceKey;
                        defaultRegistered = true;
                    }
                    else
                    {
                        key = shape.EquivalenceKey;
                    }

                    context.RegisterCodeFix(
                        CodeAction.Create(
                            title,
                            _ => Task.FromResult(changed),
                            equivalenceKey: key),
                        diagnostic);
                }
            }
        }

        /// <summary>
        /// <paramref name="changed"/>, simplified as the code action will write it (<c>(await t);</c> is not a statement,
        /// <c>await t;</c> is), has no more compile errors than <paramref name="document"/>.
        /// </summary>
        private static async Task<bool> AddsNoErrorAsync(Document document, Document changed, CancellationToken cancellationToken)
        {
            var simplified = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, optionSet: null, cancellationToken).ConfigureAwait(false);
            var before = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var after = await simplified.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            return before != null && after != null && Errors(after, cancellationToken) <= Errors(before, cancellationToken);
        }

        private static int Errors(SemanticModel model, CancellationToken cancellationToken)
            => model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
    }
}
