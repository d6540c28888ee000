"""Does turning oneDNN off make the lesson's training step faster on this CPU?

    for v in 0 1 0 1; do TF_ENABLE_ONEDNN_OPTS=$v python benchmarks/experiments/onednn.py; done

Trains ``build_model`` at batch 1024 on random windows: 5 warm-up steps, then 40 steps
timed inside ``fit`` (from the end of the first to the end of the last, so the pause that
can follow a ``fit`` on numpy arrays is not counted). Run it alternately with
``TF_ENABLE_ONEDNN_OPTS=0`` and ``1``; it must be set before TensorFlow is imported.
"""

import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import numpy as np  # noqa: E402

import textgen_utils as tg  # noqa: E402


class StepClock(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        if batch == 0:
            self.t0 = time.perf_counter()
        self.t1 = time.perf_counter()


rng = np.random.default_rng(0)
x = rng.integers(0, 57, (1024 * 45, 60), dtype=np.uint8)
y = rng.integers(0, 57, 1024 * 45)
keras.utils.set_random_seed(0)
model = tg.build_model(57)
model.fit(x[: 1024 * 5], y[: 1024 * 5], batch_size=1024, epochs=1, verbose=0)
clock = StepClock()
model.fit(x[1024 * 5 :], y[1024 * 5 :], batch_size=1024, epochs=1, verbose=0,
          callbacks=[clock])
print(f"TF_ENABLE_ONEDNN_OPTS={os.environ.get('TF_ENABLE_ONEDNN_OPTS', 'default')}: "
      f"{1024 * 39 / (clock.t1 - clock.t0):.0f} windows/s (steps 2-40)", flush=True)
