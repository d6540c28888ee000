"""Does turning oneDNN off make the lesson's training step faster on this CPU?

    for v in 0 1 0 1; do TF_ENABLE_ONEDNN_OPTS=$v python benchmarks/experiments/onednn.py; done

Trains ``build_model`` at batch 1024 on random windows: 5 warm-up steps, then 40 steps
timed inside ``fit`` (``stepclock.py``). Run it alternately with
``TF_ENABLE_ONEDNN_OPTS=0`` and ``1``; it must be set before TensorFlow is imported.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from stepclock import random_windows, windows_per_second  # noqa: E402

import textgen_utils as tg  # noqa: E402

x, y = random_windows(1024 * 45)
keras.utils.set_random_seed(0)
model = tg.build_model(57)
model.fit(x[: 1024 * 5], y[: 1024 * 5], batch_size=1024, epochs=1, verbose=0)
speed = windows_per_second(model, x[1024 * 5 :], y[1024 * 5 :], 1024)
print(f"TF_ENABLE_ONEDNN_OPTS={os.environ.get('TF_ENABLE_ONEDNN_OPTS', 'default')}: "
      f"{speed:.0f} windows/s (steps 2-40)", flush=True)
