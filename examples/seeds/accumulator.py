import tessera.compat.theano  # noqa: F401

import theano
import theano.tensor as T

state = theano.shared(0)
inc = T.iscalar("inc")
accumulator = theano.function([inc], state, updates=[(state, state + inc)])
print(accumulator(1))    # returns the old value: 0
print(accumulator(300))  # 1
print(state.get_value())  # 301

state.set_value(-1)
print(accumulator(3))    # -1
print(state.get_value())  # 2

# The same expression with the state replaced by an input: the shared value stays.
fn_of_state = state * 2 + inc
foo = T.scalar(dtype=state.dtype)
skip_shared = theano.function([inc, foo], fn_of_state, givens=[(state, foo)])
print(skip_shared(1, 3))  # 7
print(state.get_value())  # 2
