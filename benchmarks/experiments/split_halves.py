"""Training windows/s with each batch computed whole or as two halves, for a thread setting.

    cd benchmarks/experiments
    for r in 1 2 3; do
      TF_NUM_INTRAOP_THREADS=0 TF_NUM_INTEROP_THREADS=0 python split_halves.py 1
      python split_halves.py 2
      TF_NUM_INTRAOP_THREADS=0 TF_NUM_INTEROP_THREADS=0 python split_halves.py 2
    done

The argument is ``CharLSTM.train_parts`` (1: the whole batch). Without the variables,
importing ``textgen_utils`` on 2 cores sets one thread per op and two ops at a time; ``0``
keeps TensorFlow's defaults. Trains ``build_model`` at batch 1024 on random windows:
5 warm-up steps, then 40 steps timed inside ``fit`` (``stepclock.py``).
"""

import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from stepclock import random_windows, windows_per_second  # noqa: E402

import textgen_utils as tg  # noqa: E402

parts = int(sys.argv[1])
x, y = random_windows(1024 * 45)
keras.utils.set_random_seed(0)
model = tg.build_model(57)
model.train_parts = parts
t = time.perf_counter()
model.fit(x[: 1024 * 5], y[: 1024 * 5], batch_size=1024, epochs=1, verbose=0)
warm = time.perf_counter() - t
speed = windows_per_second(model, x[1024 * 5 :], y[1024 * 5 :], 1024)
threads = "/".join(os.environ.get(k, "-") for k in ("TF_NUM_INTRAOP_THREADS",
                                                    "TF_NUM_INTEROP_THREADS"))
print(f"train_parts={parts} threads intra/inter={threads}: {speed:.0f} windows/s "
      f"(steps 2-40; first fit with tracing {warm:.1f} s)", flush=True)
