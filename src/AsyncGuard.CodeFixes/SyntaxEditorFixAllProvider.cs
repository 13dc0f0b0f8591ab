using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// Fix All that applies every diagnostic of a document through one <see cref="SyntaxEditor"/>, so that fixes
    /// nested inside each other (<c>F(a.Result).Result</c>) compose instead of one being dropped as a conflict.
    /// Single fixes use the same path, so a fix and its Fix All cannot differ.
    /// </summary>
    internal sealed class SyntaxEditorFixAllProvider : FixAllProvider
    {
        private readonly ImmutableArray<FixShape> _shapes;

        public SyntaxEditorFixAllProvider(ImmutableArray<FixShape> shapes)
        {
            _shapes = shapes;
        }

        public static async Task<Document> ApplyToDocumentAsync(
            Document document,
            ImmutableArray<Diagnostic> diagnostics,
            DiagnosticEdit edit,
            CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);

            // By end position: a span nested in another ends first (or at the same place but starts later), so an
            // enclosing fix sees the already-rewritten inner one; spans side by side go in document order.
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.End).ThenByDescending(d => d.Location.SourceSpan.Start))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await edit(editor, diagnostic, cancellationToken).ConfigureAwait(false);
            }

            return editor.GetChangedDocument();
        }

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var shape = _shapes.FirstOrDefault(s => s.EquivalenceKey == fixAllContext.CodeActionEquivalenceKey);
            if (shape == null)
            {
                return null;
            }

            var documentsAndDiagnostics = new List<(Document Document, ImmutableArray<Diagnostic> Diagnostics)>();
            foreach (var document in DocumentsInScope(fixAllContext))
            {
                var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
                foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (await shape.AppliesAsync(document, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false))
                    {
                        diagnostics.Add(diagnostic);
                    }
                }

                if (diagnostics.Count > 0)
                {
                    documentsAndDiagnostics.Add((document, diagnostics.ToImmutable()));
                }
            }

            if (documentsAndDiagnostics.Count == 0)
            {
                return null;
            }

            return CodeAction.Create(
                shape.FixAllTitle,
                async cancellationToken =>
                {
                    var solution = fixAllContext.Solution;
                    foreach (var (document, diagnostics) in documentsAndDiagnostics)
                    {
                        var current = solution.GetDocument(document.Id);
                        if (current == null)
                        {
                            continue;
                        }

                        var changed = await ApplyToDocumentAsync(current, diagnostics, shape.Edit, cancellationToken).ConfigureAwait(false);
                        solution = changed.Project.Solution;
                    }

                    return solution;
                },
                fixAllContext.CodeActionEquivalenceKey);
        }

        private static IEnumerable<Document> DocumentsInScope(FixAllContext context)
        {
            switch (context.Scope)
            {
                case FixAllScope.Project:
                    return context.Project.Documents;
                case FixAllScope.Solution:
                    return context.Solution.Projects.SelectMany(project => project.Documents);
                default:
                    return context.Document != null ? new[] { context.Document } : Array.Empty<Document>();
            }
        }
    }
}
