import tessera.compat.theano  # noqa: F401

import numpy as np
import theano
import theano.tensor as T

a = T.vector()
out = a + a ** 10
f = theano.function([a], out)
print(f([0, 1, 2]))

x = T.dmatrix("x")
y = T.dmatrix("y")
z = x + y
print(z.eval({x: [[1, 2], [3, 4]], y: [[10, 20], [30, 40]]}))
add = theano.function([x, y], z)
print(add(np.array([[1, 2], [3, 4]]), np.array([[10, 20], [30, 40]])))

# Broadcastable dimensions: shapes (8, 1, 6, 1) and (7, 1, 5) add to (8, 7, 6, 5).
p = T.tensor("float64", (False, True, False, True))
q = T.tensor("float64", (False, True, False))
print((p + q).eval({p: np.ones((8, 1, 6, 1)), q: np.ones((7, 1, 5))}).shape)
