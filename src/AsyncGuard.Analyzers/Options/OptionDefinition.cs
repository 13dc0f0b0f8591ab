using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuard.Options
{
    /// <summary>
    /// One .editorconfig / .globalconfig option of a rule: its key, default, what values it accepts, how it is read,
    /// and the text the documentation shows. The rule, the fix, AG0006 and the generated docs all use this one
    /// definition, so a key, default or range is written once.
    /// </summary>
    internal abstract class OptionDefinition
    {
        private protected OptionDefinition(string ruleId, string name, string description)
        {
            RuleId = ruleId;
            Key = "asyncguard." + ruleId + "." + name;
            Description = description;
        }

        public string RuleId { get; }

        /// <summary>The full key, e.g. <c>asyncguard.AG0003.bounded_item_count</c>.</summary>
        public string Key { get; }

        /// <summary>What the option means, for the docs.</summary>
        public string Description { get; }

        /// <summary>The default as written in a config file (what the docs show).</summary>
        public abstract string DefaultText { get; }

        /// <summary>The values accepted, for the docs and for AG0006's message (e.g. "a whole number from 1 to 10000").</summary>
        public abstract string AllowedText { get; }

        /// <summary>The value could not be read: why, or null when it is valid.</summary>
        public abstract string? Problem(string value);

        /// <summary>The raw value of the option for a file, or null when it is not set.</summary>
        public string? RawValue(AnalyzerOptions options, SyntaxTree tree)
            => options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(Key, out var value) ? value : null;

        /// <summary>Every distinct value the key has across the compilation's files and its global options.</summary>
        public IEnumerable<string> DistinctValues(AnalyzerOptions options, Compilation compilation)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(Key, out var global) && seen.Add(global))
            {
                yield return global;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(Key, out var value) && seen.Add(value))
                {
                    yield return value;
                }
            }
        }

        /// <summary>AG0006's message for a value that cannot be read.</summary>
        public string InvalidValueMessage(string value)
            => $"'{value}' for {Key}: expected {AllowedText}; the default {DefaultText} is used";
    }

    /// <summary>An option of type <typeparamref name="T"/>: read per file, its default when absent or not valid.</summary>
    internal abstract class OptionDefinition<T> : OptionDefinition
    {
        private protected OptionDefinition(string ruleId, string name, T defaultValue, string description)
            : base(ruleId, name, description)
        {
            Default = defaultValue;
        }

        public T Default { get; }

        /// <summary>The value for a file: the configured one when it can be read, else the default (AG0006 reports the bad value).</summary>
        public T Get(AnalyzerOptions options, SyntaxTree tree)
            => RawValue(options, tree) is { } text && TryParse(text, out var value) ? value : Default;

        public abstract bool TryParse(string text, out T value);

        public override string? Problem(string value) => TryParse(value, out _) ? null : InvalidValueMessage(value);
    }

    /// <summary>A whole number in a range.</summary>
    internal sealed class IntOption : OptionDefinition<int>
    {
        public IntOption(string ruleId, string name, int defaultValue, int min, int max, string description)
            : base(ruleId, name, defaultValue, description)
        {
            Min = min;
            Max = max;
        }

        public int Min { get; }

        public int Max { get; }

        public override string DefaultText => Default.ToString(CultureInfo.InvariantCulture);

        public override string AllowedText => Max == int.MaxValue
            ? $"a whole number of at least {Min.ToString(CultureInfo.InvariantCulture)}"
            : $"a whole number from {Min.ToString(CultureInfo.InvariantCulture)} to {Max.ToString(CultureInfo.InvariantCulture)}";

        public override bool TryParse(string text, out int value)
            => int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= Min && value <= Max;
    }

    /// <summary>One of a few words, compared without regard to case (like severities).</summary>
    internal sealed class ChoiceOption : OptionDefinition<string>
    {
        public ChoiceOption(string ruleId, string name, ImmutableArray<string> choices, string description)
            : base(ruleId, name, choices[0], description)
        {
            Choices = choices;
        }

        /// <summary>The accepted words; the first is the default.</summary>
        public ImmutableArray<string> Choices { get; }

        public override string DefaultText => Default;

        public override string AllowedText => string.Join(", ", Choices);

        public override bool TryParse(string text, out string value)
        {
            var trimmed = text.Trim();
            foreach (var choice in Choices)
            {
                if (string.Equals(choice, trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    value = choice;
                    return true;
                }
            }

            value = Default;
            return false;
        }
    }

    /// <summary>
    /// A list of qualified names (<c>Namespace.Type</c>, <c>Namespace.Type.Method</c>), separated by ',', ';' or '|'.
    /// Names that are not well formed are dropped (and reported); whether they name something is checked by AG0006.
    /// </summary>
    internal sealed class NameListOption : OptionDefinition<ImmutableArray<string>>
    {
        public NameListOption(string ruleId, string name, string shape, string description)
            : base(ruleId, name, ImmutableArray<string>.Empty, description)
        {
            Shape = shape;
        }

        /// <summary>How one name is written, for messages and docs (e.g. "Namespace.Type[.Method]").</summary>
        public string Shape { get; }

        public override string DefaultText => "(empty)";

        public override string AllowedText => $"names '{Shape}' separated by commas";

        public override bool TryParse(string text, out ImmutableArray<string> value)
        {
            value = Split(text, out var malformed);
            return malformed.IsEmpty;
        }

        public override string? Problem(string value)
        {
            Split(value, out var malformed);
            return malformed.IsEmpty ? null : $"'{malformed[0]}' in {Key}: expected '{Shape}'; the entry is ignored";
        }

        /// <summary>Every problem of a value, one per malformed name.</summary>
        public IEnumerable<string> Problems(string value)
        {
            Split(value, out var malformed);
            foreach (var name in malformed)
            {
                yield return $"'{name}' in {Key}: expected '{Shape}'; the entry is ignored";
            }
        }

        /// <summary>The well-formed names of a value (the malformed ones are left out).</summary>
        public ImmutableArray<string> Names(string? value) => value == null ? ImmutableArray<string>.Empty : Split(value, out _);

        public static bool IsQualifiedName(string name)
        {
            if (name.Length == 0 || name[0] == '.' || name[name.Length - 1] == '.' || name.Contains(".."))
            {
                return false;
            }

            foreach (var c in name)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '`' || c == '+'))
                {
                    return false;
                }
            }

            return true;
        }

        private static ImmutableArray<string> Split(string text, out ImmutableArray<string> malformed)
        {
            var names = ImmutableArray.CreateBuilder<string>();
            var bad = ImmutableArray.CreateBuilder<string>();
            foreach (var part in text.Split(new[] { ',', ';', '|' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var name = part.Trim();
                if (name.Length == 0)
                {
                    continue;
                }

                (IsQualifiedName(name) ? names : bad).Add(name);
            }

            malformed = bad.ToImmutable();
            return names.ToImmutable();
        }
    }
}
