"""The logistic regression of the seed tutorial: 400 samples of 784 random
features with random 0/1 labels, trained by gradient descent on the
cross-entropy plus an L2 penalty. As in the seed, but started from
w = 0.01 * randn (the seed's randn start saturates the sigmoid, which the
stability rewrites of a later issue handle) and trained for 1000 steps."""
import numpy

import tessera.compat.theano  # noqa: F401

import theano
import theano.tensor as T

rng = numpy.random.RandomState(42)

N = 400
feats = 784
D = (rng.randn(N, feats), rng.randint(size=N, low=0, high=2))
training_steps = 1000

# Declare Theano symbolic variables
x = T.dmatrix("x")
y = T.dvector("y")
w = theano.shared(0.01 * rng.randn(feats), name="w")
b = theano.shared(0., name="b")

# Construct Theano expression graph
p_1 = 1 / (1 + T.exp(-T.dot(x, w) - b))      # Probability that target = 1
prediction = p_1 > 0.5                        # The prediction thresholded
xent = -y * T.log(p_1) - (1 - y) * T.log(1 - p_1)  # Cross-entropy loss function
cost = xent.mean() + 0.01 * (w ** 2).sum()    # The cost to minimize
gw, gb = T.grad(cost, [w, b])

# Compile
train = theano.function(
    inputs=[x, y],
    outputs=[prediction, xent],
    updates={w: w - 0.1 * gw, b: b - 0.1 * gb})
predict = theano.function(inputs=[x], outputs=prediction)

# Train
for i in range(training_steps):
    pred, err = train(D[0], D[1])

print("final cost:", float(err.mean() + 0.01 * (w.get_value() ** 2).sum()))
print("accuracy on D:", float((predict(D[0]) == D[1]).mean()))
