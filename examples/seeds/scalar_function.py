import tessera.compat.theano  # noqa: F401  (makes `theano` resolve to Tessera)

import theano
import theano.tensor as T

x = T.dscalar("x")
y = T.dscalar("y")
z = 3 * x + x * y + 3 * y
f = theano.function([x, y], z)
print(f(1, 1))
print(f(10, -3))
