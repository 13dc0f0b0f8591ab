using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuard.CodeFixes
{
    /// <summary>Names for what the fixes declare (throttles, copies, lambda parameters) that clash with nothing.</summary>
    internal static class FreeNames
    {
        /// <summary>The names of everything in scope at <paramref name="at"/>.</summary>
        public static HashSet<string> InScope(SemanticModel model, SyntaxNode at)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var symbol in model.LookupSymbols(at.SpanStart))
            {
                taken.Add(symbol.Name);
            }

            return taken;
        }

        /// <summary><paramref name="preferred"/>, or <c>preferred2</c>, <c>preferred3</c>, ... the first that is not taken.</summary>
        public static string Numbered(string preferred, Func<string, bool> isTaken)
        {
            var name = preferred;
            for (var i = 2; isTaken(name); i++)
            {
                name = preferred + i.ToString(CultureInfo.InvariantCulture);
            }

            return name;
        }

        /// <summary>
        /// A name for a local declared just before <paramref name="at"/>: free in scope there, not declared later in the same
        /// block, and not given by another fix of the same pass to a local whose scope overlaps this one (the same block,
        /// a block inside it or around it: C# forbids a local that hides another of the enclosing scopes, CS0136).
        /// </summary>
        public static string ForLocal(FixPass pass, SyntaxNode at, string preferred) => ForLocal(pass, at, new[] { preferred });

        /// <summary>
        /// The first of <paramref name="preferred"/> that <see cref="ForLocal(FixPass, SyntaxNode, string)"/> would give
        /// unnumbered; when every one is taken, the first numbered.
        /// </summary>
        public static string ForLocal(FixPass pass, SyntaxNode at, IEnumerable<string> preferred)
        {
            var taken = InScope(pass.SemanticModel, at);
            foreach (var token in at.Parent?.DescendantTokens() ?? (IEnumerable<SyntaxToken>)Array.Empty<SyntaxToken>())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    taken.Add(token.ValueText);
                }
            }

            var scope = (at.Parent ?? at).Span;
            var given = pass.Shared("locals", () => new List<(string Name, TextSpan Scope)>());
            bool IsTaken(string candidate) => taken.Contains(candidate)
                || given.Exists(local => local.Name == candidate && (local.Scope.Contains(scope) || scope.Contains(local.Scope)));
            var candidates = preferred.ToList();
            var name = candidates.FirstOrDefault(candidate => !IsTaken(candidate)) ?? Numbered(candidates[0], IsTaken);
            given.Add((name, scope));
            return name;
        }
    }
}
