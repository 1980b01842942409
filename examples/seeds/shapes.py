import tessera.compat.theano  # noqa: F401

import numpy as np
import theano
import theano.tensor as T

x = T.matrix("x")
print(x.shape.eval({x: np.zeros((3, 5))}))
f = theano.function([x], x.shape[0] * 2)
print(f(np.zeros((4, 2))))
print(T.zeros((2, 3)).eval())
print(T.arange(10).eval())
