using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// Applies one diagnostic's edit within a <see cref="FixPass"/>. Returns false, having changed nothing, when the edit
    /// does not apply to this diagnostic after all; true when it changed the document.
    /// </summary>
    internal delegate Task<bool> DiagnosticEdit(FixPass pass, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>
    /// One kind of rewrite a fixer offers: its title, which diagnostics it applies to, and the edit. The fixer's shapes
    /// are listed in order of preference: the first safe one that applies is a diagnostic's default fix.
    /// </summary>
    internal sealed class FixShape
    {
        public FixShape(
            string equivalenceKey,
            Func<Diagnostic, string?> titleIfApplicable,
            DiagnosticEdit edit,
            string fixAllTitle,
            Func<Document, Diagnostic, CancellationToken, Task<bool>>? isApplicableAsync = null,
            bool needsReview = false,
            bool mustCompile = false)
        {
            MustCompile = mustCompile;
            IsApplicableAsync = isApplicableAsync;
            EquivalenceKey = equivalenceKey;
            TitleIfApplicable = titleIfApplicable;
            Edit = edit;
            FixAllTitle = fixAllTitle;
            NeedsReview = needsReview;
        }

        /// <summary>The key of this shape when it is offered as an alternative to a diagnostic's default fix.</summary>
        public string EquivalenceKey { get; }

        /// <summary>The code action's title for a diagnostic, or null when this shape does not apply to it.</summary>
        public Func<Diagnostic, string?> TitleIfApplicable { get; }

        public DiagnosticEdit Edit { get; }

        public string FixAllTitle { get; }

        /// <summary>
        /// True for a rewrite that changes behaviour a person must accept (when a caller continues, say): it is offered
        /// one diagnostic at a time, without an equivalence key, and Fix All (the IDE's or <c>dotnet format</c>'s) never applies it.
        /// </summary>
        public bool NeedsReview { get; }

        /// <summary>
        /// True for a rewrite whose result is checked before it is offered: the document, simplified as the code action
        /// will write it, must have no compile error it did not have before (making a method async, say, where the
        /// compiler's rules on async methods are more than the fix checks itself).
        /// </summary>
        public bool MustCompile { get; }

        /// <summary>A check that needs more than the diagnostic (a reference search, say); null when none is needed.</summary>
        public Func<Document, Diagnostic, CancellationToken, Task<bool>>? IsApplicableAsync { get; }

        public async Task<bool> AppliesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
            => TitleIfApplicable(diagnostic) != null
                && (IsApplicableAsync == null || await IsApplicableAsync(document, diagnostic, cancellationToken).ConfigureAwait(false));
    }
}
