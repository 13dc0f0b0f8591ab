using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// Base of AsyncGuard's fixers: each offers one code action per applicable <see cref="FixShape"/>, and Fix All
    /// for each shape through <see cref="SyntaxEditorFixAllProvider"/>, so a single fix and its Fix All share one path.
    /// </summary>
    public abstract class DiagnosticEditCodeFix : CodeFixProvider
    {
        private readonly ImmutableArray<FixShape> _shapes;

        private protected DiagnosticEditCodeFix(params FixShape[] shapes)
        {
            _shapes = ImmutableArray.Create(shapes);
        }

        public sealed override FixAllProvider GetFixAllProvider() => new SyntaxEditorFixAllProvider(_shapes);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                foreach (var shape in _shapes)
                {
                    var title = shape.TitleIfApplicable(diagnostic);
                    if (title == null || !await shape.AppliesAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
                    {
                        continue;
                    }

                    context.RegisterCodeFix(
                        CodeAction.Create(
                            title,
                            cancellationToken => SyntaxEditorFixAllProvider.ApplyToDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), shape.Edit, cancellationToken),
                            equivalenceKey: shape.EquivalenceKey),
                        diagnostic);
                }
            }
        }
    }
}
