"""Training speed timed inside ``fit``, shared by the speed experiments.

Timing a whole ``model.fit`` on numpy arrays also counts the pause that can follow it
(``../README.md``, "The pause"); these helpers time from the end of the first step to the
end of the last, on random windows of the lesson's shape.
"""

import time

import keras
import numpy as np


class StepClock(keras.callbacks.Callback):
    """Remembers when the first and the last training step of a ``fit`` ended."""

    def on_train_batch_end(self, batch, logs=None):
        if batch == 0:
            self.t0 = time.perf_counter()
        self.t1, self.steps = time.perf_counter(), batch


def random_windows(n, vocab=57, maxlen=60, seed=0):
    """``n`` random windows of character ids and their targets."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, vocab, (n, maxlen), dtype=np.uint8), rng.integers(0, vocab, n)


def windows_per_second(model, x, y, batch_size):
    """Train ``model`` one epoch on ``(x, y)``; windows/s over steps 2 to the last."""
    clock = StepClock()
    model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0, callbacks=[clock])
    return batch_size * clock.steps / (clock.t1 - clock.t0)
