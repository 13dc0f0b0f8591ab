using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncGuard.CodeFixes
{
    /// <summary>Names for what the fixes declare (throttles, copies, lambda parameters) that clash with nothing.</summary>
    internal static class FreeNames
    {
        /// <summary>Names given out per editor, so that Fix All over one scope never declares the same name twice.</summary>
        private static readonly ConditionalWeakTable<SyntaxEditor, HashSet<string>> NamesGiven = new ConditionalWeakTable<SyntaxEditor, HashSet<string>>();

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
        /// block, and not already given to another fix of the same Fix All in that block.
        /// </summary>
        public static string ForLocal(DocumentEditor editor, SyntaxNode at, string preferred)
        {
            var taken = InScope(editor.SemanticModel, at);
            foreach (var token in at.Parent?.DescendantTokens() ?? (IEnumerable<SyntaxToken>)Array.Empty<SyntaxToken>())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    taken.Add(token.ValueText);
                }
            }

            var given = NamesGiven.GetOrCreateValue(editor);
            var scope = at.Parent?.SpanStart.ToString(CultureInfo.InvariantCulture) + ":";
            var name = Numbered(preferred, candidate => taken.Contains(candidate) || given.Contains(scope + candidate));
            given.Add(scope + name);
            return name;
        }
    }
}
