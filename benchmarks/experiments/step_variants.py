"""Training windows/s of variants of the lesson's model, timed inside ``fit``, alternating.

    python benchmarks/experiments/step_variants.py keras segsum "keras,batch=2048"

A variant is ``kind[,batch=N][,jit]``:

* ``keras``: ``build_model``'s model (one-hot ids into ``layers.LSTM(unroll=True)``);
  ``rolled`` is the same with ``unroll=False``; ``jit`` compiles it with XLA.
* ``segsum``: a hand-written, unrolled LSTM with the same weights whose input projection
  is a row lookup (``tf.gather`` of the ids' kernel rows) with a custom gradient, a
  ``unsorted_segment_sum`` of the step's gradient into those rows, instead of a one-hot
  matmul in both directions. That removes about a fifth of the step's multiply-adds.
* ``reordered``: ``segsum`` with the bias folded into the looked-up rows and the gates
  reordered so that one ``sigmoid`` and one ``tanh`` cover them.
* ``block``: TensorFlow's fused LSTM kernel, ``tf.raw_ops.BlockLSTMV2`` (one op runs all
  60 steps; its gate order i, f, c, o is Keras'), on the one-hot input.

The hand-written variants are first checked against ``keras`` (outputs and gradients).
Every variant is warmed up, then trained ``REPS`` times (default 4) on ``STEPS`` (20)
batches of random windows, in turn, so that the machine's drift hits all of them.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402
from stepclock import random_windows, windows_per_second  # noqa: E402

import textgen_utils as tg  # noqa: E402

V, U, T = 57, 128, 60


def lookup(rows, ids):
    """``rows[ids]``, with the gradient summed into the rows (dense, ``len(rows)`` rows)."""

    @tf.custom_gradient
    def f(w):
        return tf.gather(w, ids), lambda dz: tf.math.unsorted_segment_sum(dz, ids, V)

    return f(rows)


class SegsumLSTM(layers.Layer):
    """An unrolled LSTM over ids with ``layers.LSTM``'s weights (gates i, f, c, o)."""

    def __init__(self, reordered=False, **kw):
        super().__init__(**kw)
        self.reordered = reordered

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(V, 4 * U), initializer="glorot_uniform")
        self.recurrent_kernel = self.add_weight(shape=(U, 4 * U), initializer="orthogonal")
        self.bias = self.add_weight(shape=(4 * U,), initializer="zeros")

    def call(self, ids):
        ids = tf.transpose(tf.cast(ids, tf.int32))  # time-major: (T, batch)
        h = c = tf.zeros((tf.shape(ids)[1], U))
        if self.reordered:  # i, f, o, c: one sigmoid over three gates, one tanh

            def order(w):
                return tf.concat([w[..., : 2 * U], w[..., 3 * U :], w[..., 2 * U : 3 * U]], -1)

            rows, rk = order(self.kernel + self.bias), order(self.recurrent_kernel)
            for t in range(T):
                z = lookup(rows, ids[t]) + tf.matmul(h, rk)
                gates, g = tf.split(z, [3 * U, U], axis=-1)
                i, f, o = tf.split(tf.sigmoid(gates), 3, axis=-1)
                c = f * c + i * tf.tanh(g)
                h = o * tf.tanh(c)
            return h
        rows = tf.identity(self.kernel)
        for t in range(T):
            z = lookup(rows, ids[t]) + self.bias + tf.matmul(h, self.recurrent_kernel)
            i, f, g, o = tf.split(z, 4, axis=-1)
            c = tf.sigmoid(f) * c + tf.sigmoid(i) * tf.tanh(g)
            h = tf.sigmoid(o) * tf.tanh(c)
        return h

    def compute_output_shape(self, input_shape):
        return (input_shape[0], U)


class BlockLSTM(SegsumLSTM):
    """The same weights run by ``BlockLSTMV2``, which takes ``[kernel; recurrent_kernel]``."""

    def call(self, ids):
        x = tf.one_hot(tf.transpose(tf.cast(ids, tf.int32)), V)  # (T, batch, V)
        zeros, no_peephole = tf.zeros((tf.shape(x)[1], U)), tf.zeros((U,))
        outputs = tf.raw_ops.BlockLSTMV2(
            seq_len_max=tf.constant(T, tf.int64), x=x, cs_prev=zeros, h_prev=zeros,
            w=tf.concat([self.kernel, self.recurrent_kernel], 0), wci=no_peephole,
            wcf=no_peephole, wco=no_peephole, b=self.bias, use_peephole=False)
        return outputs[-1][-1]  # h after the last step


def build(variant):
    kind, *opts = variant.split(",")
    if kind in ("keras", "rolled"):
        model = tg.build_model(V, unroll=kind == "keras")
    else:
        inputs = keras.Input((T,), dtype="uint8")
        lstm = BlockLSTM() if kind == "block" else SegsumLSTM(reordered=kind == "reordered")
        h = lstm(inputs)
        model = keras.Model(inputs, layers.Dense(V, activation="softmax")(h))
    model.compile(
        optimizer=keras.optimizers.RMSprop(0.01, clipnorm=1.0),
        loss="sparse_categorical_crossentropy",
        jit_compile="jit" in opts,
    )
    batch = next((int(o.split("=")[1]) for o in opts if o.startswith("batch=")), 1024)
    return model, batch


def check(model, reference):
    """Largest differences in output and in gradients from ``reference`` (same weights)."""
    model.set_weights(reference.get_weights())
    x, y = random_windows(64, seed=1)
    grads = []
    for m in (reference, model):
        with tf.GradientTape() as tape:
            loss = keras.losses.sparse_categorical_crossentropy(y, m(x))
        grads.append(tape.gradient(loss, m.trainable_variables))
    out = np.abs(reference(x).numpy() - model(x).numpy()).max()
    grad = max(float(np.abs(np.asarray(a) - np.asarray(b)).max()) for a, b in zip(*grads))
    return out, grad


variants = sys.argv[1:] or ["keras", "segsum"]
steps, reps = int(os.environ.get("STEPS", "20")), int(os.environ.get("REPS", "4"))
models = {}
for v in variants:
    keras.utils.set_random_seed(0)
    models[v] = build(v)
    if not v.startswith(("keras", "rolled")):
        print(f"{v}: max difference from keras, output %.1e, gradients %.1e"
              % check(models[v][0], build("keras")[0]), flush=True)
for rep in range(reps):
    for v, (model, batch) in models.items():
        x, y = random_windows(batch * (steps + (2 if rep == 0 else 0)))
        if rep == 0:  # warm up (tracing, first steps) outside the timed epochs
            model.fit(x[: 2 * batch], y[: 2 * batch], batch_size=batch, epochs=1, verbose=0)
            x, y = x[2 * batch :], y[2 * batch :]
        speed = windows_per_second(model, x, y, batch)
        print(f"{v:22s} rep {rep}: {speed:6.0f} windows/s", flush=True)
