"""Does Keras 3 train the lesson's model faster on another backend on this CPU?

    KERAS_BACKEND=jax python benchmarks/experiments/backend.py
    KERAS_BACKEND=tensorflow python benchmarks/experiments/backend.py

``build_model``'s model (unrolled and, with ``UNROLL=0``, rolled) at batch 1024, 2 runs of
24 steps timed inside ``fit`` after a warm-up. JAX is not a dependency of the project: for
this experiment it was installed apart, ``pip install --target $JAXLIBS jax jaxlib scipy
opt_einsum``, and the JAX run given ``PYTHONPATH=$JAXLIBS``.
"""

import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from stepclock import random_windows, windows_per_second  # noqa: E402

import textgen_utils as tg  # noqa: E402

unroll = os.environ.get("UNROLL", "1") == "1"
x, y = random_windows(1024 * 25)
keras.utils.set_random_seed(0)
model = tg.build_model(57, unroll=unroll)
start = time.perf_counter()
model.fit(x[: 1024 * 2], y[: 1024 * 2], batch_size=1024, epochs=1, verbose=0)
warm_up = time.perf_counter() - start
for _rep in range(2):
    speed = windows_per_second(model, x[1024 * 2 :], y[1024 * 2 :], 1024)
    print(f"{keras.backend.backend()}, unroll={unroll}: {speed:.0f} windows/s "
          f"(warm-up {warm_up:.0f} s)", flush=True)
