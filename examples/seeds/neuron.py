import tessera.compat.theano  # noqa: F401

import numpy as np
import theano
import theano.tensor as T

x = T.fvector("x")
W = T.fmatrix("W")
b = T.fvector("b")
activation = T.tanh(T.dot(x, W) + b)
f = theano.function([x, W, b], activation)
print(f(np.asarray([0.1, 0.2, 0.3], dtype=np.float32),
        np.asarray([[0.1, -0.2], [-0.4, 0.5], [0.6, -0.7]], dtype=np.float32),
        np.asarray([0.1, 0.2], dtype=np.float32)))
