import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras
import numpy as np
import tensorflow as tf
from common import IdsLSTMBase, OneHot, V, X, Y, text  # noqa: E402,F401
from keras import layers

N = 60000  # the first 60,000 windows
X, Y = X[:N], Y[:N]


class IdsLSTM(IdsLSTMBase):
    """keras LSTM reading integer ids: input projection by gather, steps unrolled."""

    def call(self, ids, training=False):
        cell = self.cell
        xp = (
            tf.einsum(
                "btv,vg->btg", tf.one_hot(tf.cast(ids, tf.int32), self.vocab_size), cell.kernel
            )
            + cell.bias
        )
        B = tf.shape(ids)[0]
        h = tf.zeros((B, self.units))
        c = tf.zeros((B, self.units))
        for t in range(ids.shape[1]):
            z = xp[:, t] + h @ cell.recurrent_kernel
            i, f, g, o = tf.split(z, 4, axis=-1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
        return h


def run(name, batch, kind="keras", spe=1, jit=False, intra=None, inter=None):
    inp = keras.Input((60,), dtype="uint8")
    if kind == "keras":
        h = layers.LSTM(128, unroll=True)(OneHot(V)(inp))
    else:
        h = IdsLSTM(128, V)(inp)
    m = keras.Model(inp, layers.Dense(V, activation="softmax")(h))
    m.compile(
        optimizer=keras.optimizers.RMSprop(0.01, clipnorm=1.0),
        loss="sparse_categorical_crossentropy",
        steps_per_execution=spe,
        jit_compile=jit,
    )
    n = batch * 48
    m.fit(X[: batch * spe * 2], Y[: batch * spe * 2], batch_size=batch, epochs=1, verbose=0)
    t = time.perf_counter()
    m.fit(X[:n], Y[:n], batch_size=batch, epochs=1, verbose=0)
    dt = time.perf_counter() - t
    print(f"{name:40s} {n / dt:8.0f} samples/s", flush=True)
    return m


if sys.argv[1:] == ["check"]:
    keras.utils.set_random_seed(0)
    inp = keras.Input((60,), dtype="uint8")
    a = keras.Model(
        inp, layers.Dense(V, activation="softmax")(layers.LSTM(128, unroll=True)(OneHot(V)(inp)))
    )
    b = keras.Model(inp, layers.Dense(V, activation="softmax")(IdsLSTM(128, V)(inp)))
    b.set_weights(a.get_weights())
    print("params", a.count_params(), b.count_params())
    print("maxdiff", np.abs(a(X[:64]).numpy() - b(X[:64]).numpy()).max())
else:
    for spec in sys.argv[1:]:
        run(spec, **eval(f"dict({spec})"))
