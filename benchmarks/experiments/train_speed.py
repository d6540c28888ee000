import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras
import numpy as np
from keras import layers

text = (
    open(os.environ.get("TEXTGEN_CORPUS", "../shared/data/nietzsche.txt"), encoding="utf-8")
    .read()
    .lower()
)
chars = sorted(set(text))
idx = {c: i for i, c in enumerate(chars)}
ids = np.array([idx[c] for c in text], dtype=np.uint8)
N = 60000
starts = np.arange(0, len(ids) - 60, 3)[:N]
X = ids[starts[:, None] + np.arange(60)]
Y = ids[starts + 60]
V = len(chars)


@keras.saving.register_keras_serializable()
class OneHot(layers.Layer):
    def __init__(self, depth, **kw):
        super().__init__(**kw)
        self.depth = depth

    def call(self, x):
        return keras.ops.one_hot(keras.ops.cast(x, "int32"), self.depth)

    def get_config(self):
        return {**super().get_config(), "depth": self.depth}


def run(name, batch, unroll=False, jit=False, onehot_input=False, steps=None):
    if onehot_input:
        inp = keras.Input((60, V))
        h = inp
        x = np.zeros((N, 60, V), dtype=bool)
        x[np.arange(N)[:, None], np.arange(60), X] = 1
        y = np.zeros((N, V), dtype=bool)
        y[np.arange(N), Y] = 1
        loss = "categorical_crossentropy"
    else:
        inp = keras.Input((60,), dtype="uint8")
        h = OneHot(V)(inp)
        x, y = X, Y
        loss = "sparse_categorical_crossentropy"
    h = layers.LSTM(128, unroll=unroll)(h)
    out = layers.Dense(V, activation="softmax")(h)
    m = keras.Model(inp, out)
    m.compile(optimizer=keras.optimizers.RMSprop(0.01), loss=loss, jit_compile=jit)
    n = batch * 40
    m.fit(x[: batch * 5], y[: batch * 5], batch_size=batch, epochs=1, verbose=0)  # warm up
    t = time.perf_counter()
    m.fit(x[:n], y[:n], batch_size=batch, epochs=1, verbose=0)
    dt = time.perf_counter() - t
    print(f"{name:40s} {n / dt:8.0f} samples/s", flush=True)


for spec in sys.argv[1:]:
    kw = eval(f"dict({spec})")
    run(spec, **kw)
