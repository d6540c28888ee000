"""Validation loss per epoch for an optimizer, batch size and per-epoch learning-rate plan.

    python benchmarks/experiments/quality2.py "batch=1024,opt='adam',lr=0.005"

``batch`` may be a list: one batch size per epoch, the last one repeated.
``decay`` multiplies the learning rate after each epoch from ``decay_from`` on;
``warmup`` ramps it linearly over the first ``warmup`` steps; ``threads`` limits
TensorFlow's threads so that two runs can share the two cores (compare their losses,
not their times).
"""

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from common import Xt, Xv, Yt, Yv, lesson_model  # noqa: E402


class Warmup(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, lr, steps):
        self.lr = tf.Variable(lr, trainable=False, dtype="float32")
        self.steps = steps

    def __call__(self, step):
        ramp = tf.minimum(1.0, tf.cast(step + 1, "float32") / max(self.steps, 1))
        return self.lr * ramp


def run(name, batch, opt="rmsprop", lr=0.01, clipnorm=1.0, warmup=0, decay=1.0,
        decay_from=1, epochs=10, threads=0, beta_2=0.999):
    if threads:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    keras.utils.set_random_seed(0)
    m = lesson_model(unroll=True)
    sched = Warmup(lr, warmup)
    if opt == "adam":
        o = keras.optimizers.Adam(sched, beta_2=beta_2, clipnorm=clipnorm)
    else:
        o = keras.optimizers.RMSprop(sched, clipnorm=clipnorm)
    m.compile(optimizer=o, loss="sparse_categorical_crossentropy")
    t = time.perf_counter()
    for e in range(epochs):
        if e >= decay_from:
            sched.lr.assign(sched.lr * decay)
        b = batch[min(e, len(batch) - 1)] if isinstance(batch, list) else batch
        h = m.fit(Xt, Yt, batch_size=b, epochs=1, verbose=0,
                  validation_data=(Xv, Yv), shuffle=True)
        print(name, e + 1, (round(time.perf_counter() - t, 1),
                            round(h.history["loss"][0], 4),
                            round(h.history["val_loss"][0], 4),
                            round(float(sched.lr.numpy()), 6)), flush=True)


for spec in sys.argv[1:]:
    run(spec, **eval(f"dict({spec})"))
