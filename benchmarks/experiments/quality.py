import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
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
V = len(chars)
starts = np.arange(0, len(ids) - 60, 3)
X = ids[starts[:, None] + np.arange(60)]
Y = ids[starts + 60]
nval = int(len(X) * 0.1)
Xt, Yt, Xv, Yv = X[: -nval - 20], Y[: -nval - 20], X[-nval:], Y[-nval:]


class OneHot(layers.Layer):
    def __init__(self, depth, **kw):
        super().__init__(**kw)
        self.depth = depth

    def call(self, x):
        return keras.ops.one_hot(keras.ops.cast(x, "int32"), self.depth)


def run(name, batch, lr=0.01, clipnorm=None, unroll=False, epochs=3):
    keras.utils.set_random_seed(0)
    inp = keras.Input((60,), dtype="uint8")
    h = OneHot(V)(inp)
    h = layers.LSTM(128, unroll=unroll)(h)
    out = layers.Dense(V, activation="softmax")(h)
    m = keras.Model(inp, out)
    m.compile(
        optimizer=keras.optimizers.RMSprop(lr, clipnorm=clipnorm),
        loss="sparse_categorical_crossentropy",
    )
    t = time.perf_counter()
    hist = []
    for e in range(epochs):
        h = m.fit(
            Xt, Yt, batch_size=batch, epochs=1, verbose=0, validation_data=(Xv, Yv), shuffle=True
        )
        hist.append(
            (
                round(time.perf_counter() - t, 1),
                round(h.history["loss"][0], 4),
                round(h.history["val_loss"][0], 4),
            )
        )
        print(name, e + 1, hist[-1], flush=True)


for spec in sys.argv[1:]:
    run(spec, **eval(f"dict({spec})"))
