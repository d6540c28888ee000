"""Does an LSTM whose input projection is a gather (ids -> rows of the kernel) train faster
than keras.layers.LSTM(unroll=True) over one-hot input?  Same weights; checked equal.

The 60 steps are taken with ``tf.unstack``, so the gradient does not build one slice per
step. ``PROJ=matmul`` projects with one one-hot matmul instead of the gather; ``THREADS``
(default 1), ``BATCH`` (1024) and ``REPS`` (2) set the rest.
"""

import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(int(os.environ.get("THREADS", "1")))
tf.config.threading.set_inter_op_parallelism_threads(int(os.environ.get("THREADS", "1")))
import keras  # noqa: E402
import numpy as np  # noqa: E402
from common import IdsLSTMBase, OneHot, V, Xt, Yt  # noqa: E402
from keras import layers  # noqa: E402


class GatherLSTM(IdsLSTMBase):
    def call(self, ids, training=False):
        cell = self.cell
        if os.environ.get("PROJ") == "matmul":
            oh = tf.one_hot(tf.cast(ids, tf.int32), self.vocab_size)
            xp = (
                tf.reshape(
                    tf.reshape(oh, (-1, self.vocab_size)) @ cell.kernel,
                    (-1, ids.shape[1], 4 * self.units),
                )
                + cell.bias
            )
        else:
            xp = tf.gather(cell.kernel + cell.bias, tf.cast(ids, tf.int32))  # [B,T,4U]
        steps = tf.unstack(xp, axis=1)
        B = tf.shape(ids)[0]
        h = tf.zeros((B, self.units))
        c = tf.zeros((B, self.units))
        for z_in in steps:
            z = z_in + tf.matmul(h, cell.recurrent_kernel)
            i, f, g, o = tf.split(z, 4, axis=-1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
        return h


def model(kind):
    inp = keras.Input((60,), dtype="uint8")
    h = (
        layers.LSTM(128, unroll=True)(OneHot(V)(inp))
        if kind == "keras"
        else GatherLSTM(128, V)(inp)
    )
    m = keras.Model(inp, layers.Dense(V, activation="softmax")(h))
    m.compile(
        optimizer=keras.optimizers.RMSprop(0.01, clipnorm=1.0),
        loss="sparse_categorical_crossentropy",
    )
    return m


keras.utils.set_random_seed(0)
a, b = model("keras"), model("gather")
b.set_weights(a.get_weights())
print("maxdiff", np.abs(a(Xt[:256]).numpy() - b(Xt[:256]).numpy()).max(), flush=True)
B = int(os.environ.get("BATCH", "1024"))
n = B * 24
for m in (a, b):
    m.fit(Xt[: B * 2], Yt[: B * 2], batch_size=B, epochs=1, verbose=0)
for _rep in range(int(os.environ.get("REPS", "2"))):
    for name, m in (("keras LSTM unroll", a), ("gather LSTM", b)):
        t = time.perf_counter()
        m.fit(Xt[:n], Yt[:n], batch_size=B, epochs=1, verbose=0)
        print(f"{name:20s} batch {B}: {n / (time.perf_counter() - t):7.0f} windows/s", flush=True)
