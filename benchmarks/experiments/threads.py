"""Training windows/s of the lesson's model for TensorFlow's thread-pool sizes.

    for r in 1 2 3; do for t in "0 0" "2 2" "2 1" "1 2" "4 1"; do
        python benchmarks/experiments/threads.py $t; done; done

Arguments: intra-op and inter-op threads (0 = TensorFlow's choice, the default). They
must be set before TensorFlow runs anything, hence one process per setting. Batch 1024,
27 steps timed inside ``fit`` after 3 warm-up steps.
"""

import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

intra, inter = int(sys.argv[1]), int(sys.argv[2])
tf.config.threading.set_intra_op_parallelism_threads(intra)
tf.config.threading.set_inter_op_parallelism_threads(inter)
import keras  # noqa: E402
from stepclock import random_windows, windows_per_second  # noqa: E402

import textgen_utils as tg  # noqa: E402

x, y = random_windows(1024 * 31)
keras.utils.set_random_seed(0)
model = tg.build_model(57)
model.fit(x[: 1024 * 3], y[: 1024 * 3], batch_size=1024, epochs=1, verbose=0)
speed = windows_per_second(model, x[1024 * 3 :], y[1024 * 3 :], 1024)
print(f"intra {intra} inter {inter}: {speed:.0f} windows/s", flush=True)
