import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras
from common import OneHot, V, X, Y, text  # noqa: E402,F401
from keras import layers

nval = int(len(X) * 0.1)
Xt, Yt, Xv, Yv = X[: -nval - 20], Y[: -nval - 20], X[-nval:], Y[-nval:]


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
