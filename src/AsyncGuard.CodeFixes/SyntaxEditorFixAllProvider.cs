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

        /// <summary>
        /// Applies, in one <see cref="FixPass"/> over <paramref name="document"/>, each diagnostic's first candidate edit
        /// that applies (an edit that finds it does not apply changes nothing and the next candidate is tried).
        /// </summary>
        public static async Task<Document> ApplyToDocumentAsync(
            Document document,
            ImmutableArray<(Diagnostic Diagnostic, ImmutableArray<DiagnosticEdit> Candidates)> fixes,
            CancellationToken cancellationToken)
        {
            var pass = new FixPass(await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false));

            // By end position: a span nested in another ends first (or at the same place but starts later), so an
            // enclosing fix sees the already-rewritten inner one; spans side by side go in document order.
            foreach (var (diagnostic, candidates) in fixes
                .OrderBy(f => f.Diagnostic.Location.SourceSpan.End)
                .ThenByDescending(f => f.Diagnostic.Location.SourceSpan.Start)
                .ThenBy(f => f.Diagnostic.Id, StringComparer.Ordinal))
            {
                foreach (var edit in candidates)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await edit(pass, diagnostic, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }
                }
            }

            // The usings of the type names the fixes wrote (ShortNames); the code action's own clean-up then simplifies them.
            return await ImportAdder.AddImportsAsync(pass.Editor.GetChangedDocument(), ShortNames.ImportAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// <paramref name="document"/> with <paramref name="edit"/> applied to <paramref name="diagnostic"/> alone, or null
        /// when that leaves the text as it was: a code action is registered only for a fix that changes the document.
        /// </summary>
        public static async Task<Document?> ChangedDocumentOrNullAsync(Document document, Diagnostic diagnostic, DiagnosticEdit edit, CancellationToken cancellationToken)
        {
            var changed = await ApplyToDocumentAsync(document, ImmutableArray.Create((diagnostic, ImmutableArray.Create(edit))), cancellationToken).ConfigureAwait(false);
            var before = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var after = await changed.GetTextAsync(cancellationToken).ConfigureAwait(false);
            return after.ContentEquals(before) ? null : changed;
        }

        /// <summary>
        /// The edits Fix All tries, in order, for <paramref name="diagnostic"/>: with the rule's default key (or none, as
        /// <c>dotnet format</c> passes when the first diagnostic it looked at has no fix), every safe shape that applies,
        /// in order of preference, so the first that changes the document is the diagnostic's own default fix (as its
        /// light bulb registers it); with an alternative shape's key, that shape. Shapes that need review never.
        /// </summary>
        private async Task<ImmutableArray<DiagnosticEdit>> CandidatesForAsync(string? key, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var byDefault = key == null || key == _defaultKey;
            var candidates = ImmutableArray.CreateBuilder<DiagnosticEdit>();
            foreach (var shape in _shapes)
            {
                if (shape.NeedsReview || (!byDefault && shape.EquivalenceKey != key))
                {
                    continue;
                }

                if (await shape.AppliesAsync(document, diagnostic, cancellationToken).ConfigureAwait(false))
                {
                    candidates.Add(shape.Edit);
                }
            }

            return candidates.ToImmutable();
        }

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var key = fixAllContext.CodeActionEquivalenceKey;
            if (key != null && key != _defaultKey && !_shapes.Any(s => !s.NeedsReview && s.EquivalenceKey == key))
            {
                return null;
            }

            var fixesByDocument = new List<(DocumentId Document, ImmutableArray<(Diagnostic, ImmutableArray<DiagnosticEdit>)> Fixes)>();
            foreach (var document in DocumentsInScope(fixAllContext))
            {
                var fixes = ImmutableArray.CreateBuilder<(Diagnostic, ImmutableArray<DiagnosticEdit>)>();
                foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    var candidates = await CandidatesForAsync(key, document, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false);
                    if (!candidates.IsEmpty)
                    {
                        fixes.Add((diagnostic, candidates));
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
