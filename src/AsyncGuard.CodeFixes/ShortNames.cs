using System.Collections.Generic;
using System.Linq;
using AsyncGuard.Concepts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// Generated code names types as <c>global::System.X.Y</c> so that it always binds. <see cref="Apply"/> marks each
    /// such name for Roslyn's <see cref="ImportAdder"/>, which the fix pipeline runs on every document it produces
    /// (<see cref="SyntaxEditorFixAllProvider.ApplyToDocumentAsync"/>), and for the simplifier, which then writes the simple
    /// name (<c>Array</c>, not <c>System.Array</c>) wherever the code stands: nested blocks, lambdas, top-level
    /// statements. ImportAdder adds a using even where it makes a name the file already uses ambiguous
    /// (<c>using System.Threading;</c> next to <c>using System.Timers;</c> and a <c>Timer</c>: CS0104), so such a name
    /// is not marked for import; the simplifier then writes the shortest name that binds.
    /// </summary>
    internal static class ShortNames
    {
        private const string GlobalPrefix = "global::";

        /// <summary>Marks the names the pipeline's <see cref="ImportAdder"/> run imports for.</summary>
        public static readonly SyntaxAnnotation ImportAnnotation = new SyntaxAnnotation("AsyncGuard.ShortNames.Import");

        /// <summary>
        /// <paramref name="node"/>, to be written by a fix of <paramref name="pass"/> at <paramref name="at"/> (a node of
        /// the original document), with its <c>global::</c> type names marked to be written short, importing their
        /// namespace where that is safe and <paramref name="import"/> is true. Adds nothing to the document itself, so it
        /// may be called from a replacement callback.
        /// </summary>
        public static TNode Apply<TNode>(FixPass pass, SyntaxNode at, TNode node, bool import = true)
            where TNode : SyntaxNode
        {
            var names = TypeNames(pass.SemanticModel.Compilation, node);
            return node.ReplaceNodes(names.Keys, (original, rewritten) =>
                import && !WouldMakeAmbiguous(pass, at, names[original])
                    ? rewritten.WithAdditionalAnnotations(Simplifier.Annotation, ImportAnnotation)
                    : rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
        }

        /// <summary>
        /// The <c>global::</c>-qualified names in <paramref name="node"/> that name a type, each the longest that does
        /// (in <c>global::System.Threading.Tasks.Task.Run</c>, the <c>Task</c> part), with the type.
        /// </summary>
        private static Dictionary<SyntaxNode, INamedTypeSymbol> TypeNames(Compilation compilation, SyntaxNode node)
        {
            var resolved = new Dictionary<SyntaxNode, INamedTypeSymbol>();
            var types = WellKnownSymbols.For(compilation);
            if (types == null)
            {
                return resolved;
            }

            foreach (var candidate in node.DescendantNodesAndSelf().Where(n => n is AliasQualifiedNameSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax))
            {
                if (MetadataName(candidate) is { } name && types.Resolve(name) is { } type)
                {
                    resolved[candidate] = type;
                }
            }

            foreach (var nested in resolved.Keys.Where(n => n.Ancestors().Any(resolved.ContainsKey)).ToList())
            {
                resolved.Remove(nested);
            }

            return resolved;
        }

        /// <summary><c>global::System.Threading.Tasks.Task&lt;int&gt;</c> → <c>System.Threading.Tasks.Task`1</c>; null for anything else.</summary>
        private static string? MetadataName(SyntaxNode name)
        {
            var (left, right) = name switch
            {
                QualifiedNameSyntax qualified => ((SyntaxNode)qualified.Left, qualified.Right),
                MemberAccessExpressionSyntax memberAccess => (memberAccess.Expression, memberAccess.Name),
                AliasQualifiedNameSyntax alias => (alias.Alias, (SimpleNameSyntax)alias.Name),
                _ => (null!, null!),
            };
            if (right == null)
            {
                return null;
            }

            var leftText = left.WithoutTrivia().ToString();
            var arity = right is GenericNameSyntax generic ? "`" + generic.TypeArgumentList.Arguments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
            if (name is AliasQualifiedNameSyntax)
            {
                return leftText == "global" ? right.Identifier.ValueText + arity : null;
            }

            if (!leftText.StartsWith(GlobalPrefix, System.StringComparison.Ordinal) || leftText.IndexOfAny(new[] { '(', '<', ' ' }) >= 0)
            {
                return null;
            }

            return leftText.Substring(GlobalPrefix.Length) + "." + right.Identifier.ValueText + arity;
        }

        /// <summary>
        /// Importing the namespace of <paramref name="type"/> would give a name the file uses another meaning at
        /// <paramref name="at"/>: a type of that namespace shares a name with another type in scope there.
        /// </summary>
        private static bool WouldMakeAmbiguous(FixPass pass, SyntaxNode at, INamedTypeSymbol type)
        {
            // The namespace as the compilation sees it, merged over every reference: SemaphoreSlim's System.Threading
            // is System.Threading.dll's, which lacks the Timer that System.Runtime.dll puts in System.Threading.
            if (type.ContainingNamespace is not { IsGlobalNamespace: false } declared
                || pass.SemanticModel.Compilation.GetCompilationNamespace(declared) is not { } ns)
            {
                return false;
            }

            var used = pass.Shared("identifiers", () => new HashSet<string>(
                pass.OriginalRoot.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText),
                System.StringComparer.Ordinal));
            foreach (var member in ns.GetTypeMembers())
            {
                if (used.Contains(member.Name)
                    && pass.SemanticModel.LookupNamespacesAndTypes(at.SpanStart, name: member.Name).Any(s => !SymbolEqualityComparer.Default.Equals(s, member)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Using directives a fix adds.</summary>
    internal static class Usings
    {
        /// <summary>Adds <c>using <paramref name="ns"/>;</c> to the file once per pass, unless the file or a global using has it.</summary>
        public static void AddOnce(FixPass pass, string ns)
        {
            var editor = pass.Editor;
            if (editor.OriginalRoot is not CompilationUnitSyntax unit
                || unit.Usings.Any(u => u.Name?.ToString() == ns && u.Alias == null && u.StaticKeyword.IsKind(SyntaxKind.None))
                || editor.SemanticModel.Compilation.SyntaxTrees.Any(tree => tree.GetRoot().ChildNodes().OfType<UsingDirectiveSyntax>().Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Name?.ToString().Replace(GlobalAlias, string.Empty) == ns))
                || !pass.Claim("using:" + ns))
            {
                return;
            }

            editor.ReplaceNode(unit, (current, _) =>
            {
                var currentUnit = (CompilationUnitSyntax)current;
                var usings = currentUnit.Usings;
                var endOfLine = usings.Count > 0 ? usings[usings.Count - 1].GetTrailingTrivia() : SyntaxFactory.TriviaList(FileEndOfLine(currentUnit));
                var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns)).NormalizeWhitespace().WithTrailingTrivia(endOfLine);
                var index = 0;
                // System namespaces first, then the others in order (the .NET default layout of usings).
                while (index < usings.Count && usings[index].Alias == null && string.CompareOrdinal(SortKey(usings[index].Name?.ToString() ?? string.Empty), SortKey(ns)) < 0)
                {
                    index++;
                }

                if (usings.Count == 0)
                {
                    // A file without usings: the new one, then a blank line before what the file starts with.
                    var first = currentUnit.GetFirstToken(includeZeroWidth: true);
                    return currentUnit.ReplaceToken(first, first.WithLeadingTrivia(first.LeadingTrivia.Insert(0, FileEndOfLine(currentUnit))))
                        .WithUsings(usings.Add(directive));
                }

                return currentUnit.WithUsings(usings.Insert(index, directive));
            });
        }

        private const string GlobalAlias = "global::";

        /// <summary>The line ending the file uses (its first), CRLF for a file of one line.</summary>
        public static SyntaxTrivia FileEndOfLine(SyntaxNode root)
            => root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is var found && found.IsKind(SyntaxKind.EndOfLineTrivia)
                ? found
                : SyntaxFactory.CarriageReturnLineFeed;

        private static string SortKey(string ns) => (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal) ? "0" : "1") + ns;
    }
}
