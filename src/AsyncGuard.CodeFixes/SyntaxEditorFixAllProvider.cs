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
    /// nested inside each other (<c>F(a.Result).Result</c>) compose instead of one being dropped as a conflict, and
    /// fixes of different shapes land in the same run. Single fixes use the same path, so a fix and its Fix All cannot differ.
    /// </summary>
    internal sealed class SyntaxEditorFixAllProvider : FixAllProvider
    {
        private readonly ImmutableArray<FixShape> _shapes;
        private readonly string _defaultKey;

        public SyntaxEditorFixAllProvider(ImmutableArray<FixShape> shapes, string defaultKey)
        {
            _shapes = shapes;
            _defaultKey = defaultKey;
        }

        public static async Task<Document> ApplyToDocumentAsync(
            Document document,
            ImmutableArray<(Diagnostic Diagnostic, DiagnosticEdit Edit)> fixes,
            CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);

            // By end position: a span nested in another ends first (or at the same place but starts later), so an
            // enclosing fix sees the already-rewritten inner one; spans side by side go in document order.
            foreach (var (diagnostic, edit) in fixes
                .OrderBy(f => f.Diagnostic.Location.SourceSpan.End)
                .ThenByDescending(f => f.Diagnostic.Location.SourceSpan.Start)
                .ThenBy(f => f.Diagnostic.Id, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await edit(editor, diagnostic, cancellationToken).ConfigureAwait(false);
            }

            return editor.GetChangedDocument();
        }

        /// <summary>
        /// The edit Fix All applies to <paramref name="diagnostic"/>: with the rule's default key (or none, as
        /// <c>dotnet format</c> passes when the first diagnostic it looked at has no fix), the diagnostic's own default
        /// shape; with an alternative shape's key, that shape where it applies. Shapes that need review never.
        /// </summary>
        private async Task<DiagnosticEdit?> EditForAsync(string? key, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var byDefault = key == null || key == _defaultKey;
            foreach (var shape in _shapes)
            {
                if (shape.NeedsReview || (!byDefault && shape.EquivalenceKey != key))
                {
                    continue;
                }

                if (await shape.AppliesAsync(document, diagnostic, cancellationToken).ConfigureAwait(false))
                {
                    return shape.Edit;
                }
            }

            return null;
        }

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var key = fixAllContext.CodeActionEquivalenceKey;
            if (key != null && key != _defaultKey && !_shapes.Any(s => !s.NeedsReview && s.EquivalenceKey == key))
            {
                return null;
            }

            var fixesByDocument = new List<(DocumentId Document, ImmutableArray<(Diagnostic, DiagnosticEdit)> Fixes)>();
            foreach (var document in DocumentsInScope(fixAllContext))
            {
                var fixes = ImmutableArray.CreateBuilder<(Diagnostic, DiagnosticEdit)>();
                foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (await EditForAsync(key, document, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false) is { } edit)
                    {
                        fixes.Add((diagnostic, edit));
                    }
                }

                if (fixes.Count > 0)
                {
                    fixesByDocument.Add((document.Id, fixes.ToImmutable()));
                }
            }

            if (fixesByDocument.Count == 0)
            {
                return null;
            }

            var title = key == null || key == _defaultKey
                ? "Apply every safe fix"
                : _shapes.First(s => s.EquivalenceKey == key).FixAllTitle;
            return CodeAction.Create(
                title,
                async cancellationToken =>
                {
                    // Every document's edits are computed on the original solution (their diagnostics' spans refer to
                    // it), then put together, so one document's fix never shifts another's spans.
                    var solution = fixAllContext.Solution;
                    var changed = new List<(DocumentId Id, SyntaxNode Root)>();
                    foreach (var (documentId, fixes) in fixesByDocument)
                    {
                        var document = fixAllContext.Solution.GetDocument(documentId);
                        if (document == null)
                        {
                            continue;
                        }

                        var fixedDocument = await ApplyToDocumentAsync(document, fixes, cancellationToken).ConfigureAwait(false);
                        var root = await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                        if (root != null)
                        {
                            changed.Add((documentId, root));
                        }
                    }

                    foreach (var (id, root) in changed)
                    {
                        solution = solution.WithDocumentSyntaxRoot(id, root);
                    }

                    return solution;
                },
                key);
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
