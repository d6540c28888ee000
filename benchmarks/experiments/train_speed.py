import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras
import numpy as np
from common import OneHot, V, X, Y, text  # noqa: E402,F401
from keras import layers

N = 60000  # the first 60,000 windows
X, Y = X[:N], Y[:N]


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
