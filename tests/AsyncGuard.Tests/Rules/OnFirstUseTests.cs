using System;
using AsyncGuard.Rules;
using Xunit;

namespace AsyncGuard.Tests.Rules
{
    /// <summary>A rule's per-compilation state is made once, on first use; a failure is reported once, a cancellation retried.</summary>
    public class OnFirstUseTests
    {
        [Fact]
        public void The_state_is_made_once_whoever_asks()
        {
            var made = 0;
            var state = new OnFirstUse<string>(() => (++made).ToString());
            var derived = state.Then(s => s + "!");

            Assert.Equal("1!", derived.Value);
            Assert.Equal("1", state.Value);
            Assert.Equal("1!", derived.Value);
            Assert.Equal(1, made);
        }

        [Fact]
        public void A_failure_is_thrown_to_the_first_caller_only_and_then_there_is_nothing_to_analyze()
        {
            var attempts = 0;
            var state = new OnFirstUse<string>(() =>
            {
                attempts++;
                throw new InvalidOperationException("broken");
            });

            Assert.Throws<InvalidOperationException>(() => state.Value);
            Assert.Null(state.Value);
            Assert.Null(state.Then(s => s + "!").Value);
            Assert.Equal(1, attempts);
        }

        [Fact]
        public void A_cancelled_making_is_made_again_by_the_next_caller()
        {
            var attempts = 0;
            var state = new OnFirstUse<string>(() => ++attempts == 1 ? throw new OperationCanceledException() : "made");

            Assert.Throws<OperationCanceledException>(() => state.Value);
            Assert.Equal("made", state.Value);
            Assert.Equal(2, attempts);
        }

        [Fact]
        public void No_state_means_the_wrapped_actions_do_not_run()
        {
            var ran = false;
            var none = new OnFirstUse<string>(() => null);
            none.Operation((_, _) => ran = true)(default);
            none.Symbol((_, _) => ran = true)(default);

            Assert.False(ran);
        }
    }
}
