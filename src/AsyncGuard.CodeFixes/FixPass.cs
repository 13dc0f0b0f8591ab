using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace AsyncGuard.CodeFixes
{
    /// <summary>
    /// One pass of fixes over one document (a single fix, or Fix All's edits of that document): the editor they share,
    /// and what the edits of this pass have already claimed (a name given to a throttle in a block, an item already
    /// guarded, a using already added), so that two fixes of one pass never declare or add the same thing twice. It
    /// lives exactly as long as the pass: no state outlives it or is shared between passes.
    /// </summary>
    internal sealed class FixPass
    {
        private readonly HashSet<string> _claimed = new HashSet<string>(System.StringComparer.Ordinal);
        private readonly Dictionary<string, object> _shared = new Dictionary<string, object>(System.StringComparer.Ordinal);

        public FixPass(DocumentEditor editor)
        {
            Editor = editor;
        }

        public DocumentEditor Editor { get; }

        public SemanticModel SemanticModel => Editor.SemanticModel;

        public SyntaxNode OriginalRoot => Editor.OriginalRoot;

        /// <summary>Whether an earlier edit of this pass claimed <paramref name="key"/>.</summary>
        public bool IsClaimed(string key) => _claimed.Contains(key);

        /// <summary>Claims <paramref name="key"/> for the calling edit: false when an earlier edit of this pass already did.</summary>
        public bool Claim(string key) => _claimed.Add(key);

        /// <summary>
        /// The value the edits of this pass share under <paramref name="key"/>, made by <paramref name="create"/> for the
        /// first of them (the local functions written at the end of one block, say, so they keep the order of their fixes).
        /// </summary>
        public T Shared<T>(string key, System.Func<T> create)
            where T : class
        {
            if (!_shared.TryGetValue(key, out var value))
            {
                value = create();
                _shared[key] = value;
            }

            return (T)value;
        }
    }
}
